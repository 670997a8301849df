using System.Collections;
using System.Globalization;
using System.Text.Json;
using Par.Api.Logging;

namespace Par.Api.Surfaces;

/// <summary>
/// The access log's entry for one request: the message and fields a [LoggerMessage] method with
/// <see cref="Template"/> gave, without what that cost on every request. Its generated state boxed the status and
/// duration for string.Format to render the message, and again for each field the JSON line wrote: 4.5% of native
/// PAR's samples under Ping load went to the message alone (bench/notes.md).
/// </summary>
internal sealed class RequestLine(string method, string path, int status, double durationMs, string requestId)
    : IReadOnlyList<KeyValuePair<string, object?>>, IJsonLogFields
{
    public const string Template = "{Method} {Path} answered {Status} in {DurationMs:F1} ms (request {RequestId})";

    public static readonly EventId Completed = new(LogEvents.Surfaces.HttpRequestCompleted, "http.request.completed");

    /// <summary>A probe's line (load balancers' health checks): the same entry at Debug, under its own event.</summary>
    public static readonly EventId ProbeCompleted = new(LogEvents.Surfaces.HttpProbeCompleted, "http.probe.completed");

    private static readonly Func<RequestLine, Exception?, string> Message = static (line, _) => line.ToString();

    private static readonly JsonEncodedText MethodName = JsonEncodedText.Encode("method");
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText DurationName = JsonEncodedText.Encode("durationMs");
    private static readonly JsonEncodedText RequestIdName = JsonEncodedText.Encode("requestId");

    public int Count => 6;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Method", method),
        1 => new("Path", path),
        2 => new("Status", status),
        3 => new("DurationMs", durationMs),
        4 => new("RequestId", requestId),
        5 => new("{OriginalFormat}", Template),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Logs the entry when <paramref name="level"/> is enabled; builds nothing when it is not.</summary>
    public static void Log(ILogger logger, LogLevel level, EventId eventId, string method, string path, int status, double durationMs, string requestId)
    {
        if (logger.IsEnabled(level))
        {
            logger.Log(level, eventId, new RequestLine(method, path, status, durationMs, requestId), null, Message);
        }
    }

    public void WriteFields(Utf8JsonWriter json)
    {
        json.WriteString(MethodName, LogRedactor.Text(method));
        json.WriteString(PathName, LogRedactor.Text(path));
        json.WriteNumber(StatusName, status);
        json.WriteNumber(DurationName, durationMs);
        json.WriteString(RequestIdName, LogRedactor.Text(requestId));
    }

    /// <summary>The message, rendered as the template's string.Format did: invariant culture, the duration to 0.1 ms.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{method} {path} answered {status} in {durationMs:F1} ms (request {requestId})");

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
