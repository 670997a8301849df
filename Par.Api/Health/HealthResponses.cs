using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Health;

/// <summary>The JSON bodies of /health, /ready and /live, and how they are written.</summary>
internal static class HealthResponses
{
    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>
    /// A probe's answer: its status, headers that keep it from being cached, and the JSON body with its
    /// Content-Length in one write. A streamed JSON result goes out chunked: the body flushed in one send and the
    /// closing chunk in another, twice the sends for a body of a few dozen bytes that load balancers and kubelets ask
    /// for every few seconds (bench/notes.md). A HEAD request gets the same status and headers without the body.
    /// </summary>
    public static Task Write<TBody>(HttpResponse response, int status, TBody body, JsonTypeInfo<TBody> type) =>
        Write(response, status, JsonSerializer.SerializeToUtf8Bytes(body, type));

    /// <inheritdoc cref="Write{TBody}"/>
    public static Task Write(HttpResponse response, int status, byte[] json)
    {
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store, no-cache";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "0";
        response.ContentType = JsonContentType;
        response.ContentLength = json.Length;
        return response.BodyWriter.WriteAsync(json).AsTask();
    }

    public static HealthBody Health(BootSnapshot s) => new(Status(s), s.Phase, s.Error, Step(s)?.Name, Progress(s));

    public static ReadyBody Ready(BootSnapshot s) =>
        new(Status(s), s.Phase, s.Error, s.Checks.ToDictionary(c => c.Key, c => new ReadyCheck(c.Value.Status, c.Value.Detail)), Step(s)?.Name, Progress(s));

    private static string Status(BootSnapshot s) => s.Status.ToString().ToLowerInvariant();

    /// <summary>The step under way is shown only while booting.</summary>
    private static BootStep? Step(BootSnapshot s) => s.Status == BootStatus.Booting ? s.Step : null;

    private static ProgressBody? Progress(BootSnapshot s) => Step(s)?.Progress is { } p ? new ProgressBody(p.Counts, p.Detail) : null;
}

/// <summary>
/// The body of /health: its status is booting, ready, failed, draining or unresponsive (a booted worker that misses its
/// liveness probe: agent calls answer 503 until it answers again, or PAR exits 70); the current phase; the error
/// when failed or unresponsive; while booting, the step of the phase under way and its progress, when the phase reports them.
/// </summary>
internal sealed record HealthBody(
    string Status,
    string Phase,
    string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Step = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProgressBody? Progress = null);

/// <summary>The body of /ready: the /health fields and one entry per check.</summary>
internal sealed record ReadyBody(
    string Status,
    string Phase,
    string? Error,
    IReadOnlyDictionary<string, ReadyCheck> Checks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Step = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProgressBody? Progress = null);

/// <summary>One readiness check: pending, ok, skipped or failed, with its detail.</summary>
internal sealed record ReadyCheck(string Status, string? Detail);

/// <summary>The body of /live.</summary>
internal sealed record LiveBody(string Status);
