using System.Globalization;

namespace Par.Api.Config;

/// <summary>A valid setting an operator should still look at: the event config.loaded's boot logs for it.</summary>
internal sealed record ConfigWarning(string Event, string Message);

/// <summary>The warnings a valid configuration earns at start (shown by check-config before any boot).</summary>
internal static class ConfigWarnings
{
    /// <summary>The ECS and Kubernetes default stop timeout: a longer drain gets SIGKILLed unless the task raises it.</summary>
    public static readonly TimeSpan StopTimeoutDefault = TimeSpan.FromSeconds(30);

    public static IReadOnlyList<ConfigWarning> For(ParOptions options)
    {
        var warnings = new List<ConfigWarning>();
        var lifecycle = options.Lifecycle;
        var stop = lifecycle.ShutdownDelay + lifecycle.GracefulShutdownTimeout;
        if (stop > StopTimeoutDefault)
        {
            warnings.Add(new("config.stop_timeout_risk", string.Create(CultureInfo.InvariantCulture,
                $"SHUTDOWN_DELAY_SEC + GRACEFUL_SHUTDOWN_TIMEOUT_SEC = {stop.TotalSeconds} s exceeds the usual {StopTimeoutDefault.TotalSeconds} s stop timeout of ECS and Kubernetes: raise stopTimeout / terminationGracePeriodSeconds")));
        }

        if (lifecycle.DebugBootDelay > TimeSpan.Zero)
        {
            warnings.Add(new("boot.debug_delay", string.Create(CultureInfo.InvariantCulture,
                $"DEBUG_BOOT_DELAY_MS holds the boot for {lifecycle.DebugBootDelay.TotalMilliseconds} ms (test only)")));
        }

        return warnings;
    }
}
