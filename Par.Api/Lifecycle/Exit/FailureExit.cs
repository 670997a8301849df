using Par.Api.Config;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Lifecycle.Exit;

/// <summary>
/// The one way a failure after configuration ends the process: readiness 503 with the reason, the exit code
/// recorded, BOOT_FAILURE_BACKOFF_SEC of waiting (a signal cuts it short), then shutdown. SPEC §1: only 69, 65, 70
/// and 75 wait; a listener that cannot be opened (71) exits at once. The exit code is the one BootState records.
/// </summary>
internal sealed class FailureExit(
    BootState state,
    ParOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<FailureExit> logger)
{
    public async Task FailAsync(string phase, BootFailureException failure)
    {
        var backoff = BacksOff(failure.ExitCode) ? options.Lifecycle.BootFailureBackoff : TimeSpan.Zero;
        state.Fail(failure.Check, failure.Message, failure.ExitCode);
        BootLog.Failed(logger, phase, failure.Check.Name, failure.Message, failure.ExitCode, backoff.TotalSeconds, failure.InnerException);
        try
        {
            await Task.Delay(backoff, time, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            // A signal during the backoff ends it early; the exit code stays the failure's.
        }

        lifetime.StopApplication();
    }

    private static bool BacksOff(int exitCode) =>
        exitCode is ExitCodes.FetchFailed or ExitCodes.PackageInvalid or ExitCodes.AgentFailed or ExitCodes.StartupTimeout;
}
