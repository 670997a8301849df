using Par.Api.Lifecycle;

namespace Par.Api.Health;

/// <summary>The JSON bodies of /health and /ready, and the headers that keep probes from being cached.</summary>
internal static class HealthResponses
{
    public static void NoCache(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store, no-cache";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "0";
    }

    public static object Health(BootSnapshot s) => new
    {
        status = Status(s),
        phase = s.Phase,
        error = s.Error,
    };

    public static object Ready(BootSnapshot s) => new
    {
        status = Status(s),
        phase = s.Phase,
        error = s.Error,
        checks = s.Checks.ToDictionary(c => c.Key, c => new { status = c.Value.Status, detail = c.Value.Detail }),
    };

    private static string Status(BootSnapshot s) => s.Status.ToString().ToLowerInvariant();
}
