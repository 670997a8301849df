using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Shutdown;

namespace Par.Api.Lifecycle.Exit;

/// <summary>
/// SPEC §1: no exception ends the process as a crash (134). What escapes the run path, or a thread, is logged with
/// its reason and mapped to 70 (the agent's runtime failed); the boot pipeline maps its own failures before this.
/// </summary>
internal static class LastResort
{
    /// <summary>An exception that escaped <see cref="RuntimeRun.RunAsync(WebApplication)"/>: logged, cleaned up after, 70.</summary>
    public static async Task<int> ExitAsync(WebApplication app, Exception exception)
    {
        BootLog.UnexpectedError(app.Logger, exception.GetType().Name, exception.Message, ExitCodes.AgentFailed, exception);
        try
        {
            await app.Services.GetRequiredService<RuntimeCleanup>().RunAsync(new CancellationToken(canceled: true));
            await app.DisposeAsync();
        }
        catch (Exception cleanup)
        {
            BootLog.UnexpectedError(app.Logger, cleanup.GetType().Name, cleanup.Message, ExitCodes.AgentFailed, cleanup);
        }

        BootLog.Exiting(app.Logger, ExitCodes.AgentFailed);
        return ExitCodes.AgentFailed;
    }

    /// <summary>An exception no code caught on some thread: the runtime would abort (134); log it and exit 70 instead.</summary>
    public static void Crash(ILogger logger, object exception)
    {
        var e = exception as Exception;
        BootLog.UnexpectedError(logger, e?.GetType().Name ?? "object", e?.Message ?? exception.ToString() ?? "unknown", ExitCodes.AgentFailed, e);
        BootLog.Exiting(logger, ExitCodes.AgentFailed);
        Environment.Exit(ExitCodes.AgentFailed);
    }
}
