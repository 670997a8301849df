using Par.Api.Lifecycle.Boot;
using Par.Api.Logging;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>The install's long steps (create venv, pip install): a heartbeat every 2 s while one runs, and its end.</summary>
internal static partial class InstallStepLog
{
    [LoggerMessage(EventId = LogEvents.Agents.AgentInstallProgress, EventName = "agent.install.progress", Level = LogLevel.Information,
        Message = "{Step} running for {ElapsedMs} ms: {Collected} collected, {Installed} of {Installing} installed; {Detail}")]
    public static partial void PipRunning(ILogger logger, string step, double elapsedMs, int collected, int installed, int installing, string detail);

    [LoggerMessage(EventId = LogEvents.Agents.AgentVenvProgress, EventName = "agent.venv.progress", Level = LogLevel.Information,
        Message = "{Step} running for {ElapsedMs} ms")]
    public static partial void VenvRunning(ILogger logger, string step, double elapsedMs);

    [LoggerMessage(EventId = LogEvents.Agents.AgentInstallStepCompleted, EventName = "agent.install.step_completed", Level = LogLevel.Information,
        Message = "{Step} finished in {DurationMs} ms")]
    public static partial void StepCompleted(ILogger logger, string step, double durationMs, int? collected, int? installing, int? installed);

    /// <summary>The heartbeat of pip's step for <see cref="BootSteps.Begin"/>: agent.install.progress with pip's counts.</summary>
    /// <param name="logger">Where the events go.</param>
    /// <param name="pip">pip's progress now.</param>
    public static Action<StepProgress?, TimeSpan> PipHeartbeat(ILogger logger, Func<PipProgress> pip) =>
        (_, elapsed) =>
        {
            var counts = pip();
            PipRunning(logger, PipProgress.StepName, Math.Round(elapsed.TotalMilliseconds), counts.Collected, counts.Installed, counts.Installing, counts.Latest ?? string.Empty);
        };

    /// <summary>The heartbeat of the venv's step for <see cref="BootSteps.Begin"/>: agent.venv.progress.</summary>
    /// <param name="logger">Where the events go.</param>
    /// <param name="step">The step's name.</param>
    public static Action<StepProgress?, TimeSpan> VenvHeartbeat(ILogger logger, string step) =>
        (_, elapsed) => VenvRunning(logger, step, Math.Round(elapsed.TotalMilliseconds));

    /// <summary>Logs agent.install.step_completed for the step <paramref name="reporter"/> ran.</summary>
    /// <param name="logger">Where the event goes.</param>
    /// <param name="reporter">The step, for its name and its time.</param>
    /// <param name="pip">pip's final counts, when the step is pip's.</param>
    public static void Completed(ILogger logger, StepReporter reporter, PipProgress? pip = null) =>
        StepCompleted(logger, reporter.Name, Math.Round(reporter.Elapsed.TotalMilliseconds, 2), pip?.Collected, pip?.Installing, pip?.Installed);
}
