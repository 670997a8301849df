using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Par.Api.Lifecycle;

namespace Par.Api.Health;

/// <summary>The JSON bodies of /health and /ready, written from the boot state the check saw.</summary>
internal static class HealthResponses
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HealthCheckOptions Options(Func<BootSnapshot, object> body) => new()
    {
        Predicate = r => r.Tags.Contains(HealthExtensions.ReadyTag),
        AllowCachingResponses = false,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = (context, _) =>
        {
            var snapshot = context.RequestServices.GetRequiredService<BootState>().Current;
            return context.Response.WriteAsJsonAsync(body(snapshot), Json);
        },
    };

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
