using Microsoft.Extensions.Diagnostics.HealthChecks;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Health;

/// <summary>
/// Readiness from the boot state: Healthy only when ready. Booting, failed, draining and unresponsive are Unhealthy,
/// never Degraded (which ASP.NET would answer with 200).
/// </summary>
internal sealed class BootHealthCheck(BootState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = state.Current;
        return Task.FromResult(snapshot.IsReady
            ? HealthCheckResult.Healthy("ready")
            : HealthCheckResult.Unhealthy(snapshot.Error ?? snapshot.Status.ToString().ToLowerInvariant()));
    }
}
