using Par.Api.Lifecycle.Boot;
using Par.Api.Logging;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>The install's long steps (create venv, pip install): a heartbeat at most every 2 s while one runs, and its end.</summary>
internal static partial class InstallStepLog
{
    [LoggerMessage(EventId = LogEvents.Agents.AgentInstallProgress, EventName = "agent.install.progress", Level = LogLevel.Information,
        Message = "{Step} running for {ElapsedMs} ms: {Collected} collected, {Installed} installed; {Detail}")]
    public static partial void Progress(ILogger logger, string step, double elapsedMs, int? collected, int? installing, int? installed, string? detail);

    [LoggerMessage(EventId = LogEvents.Agents.AgentInstallStepCompleted, EventName = "agent.install.step_completed", Level = LogLevel.Information,
        Message = "{Step} finished in {DurationMs} ms")]
    public static partial void StepCompleted(ILogger logger, string step, double durationMs, int? collected, int? installing, int? installed);

    /// <summary>A heartbeat for <see cref="BootSteps.Begin"/> that logs agent.install.progress.</summary>
    /// <param name="logger">Where the events go.</param>
    /// <param name="step">The step's name.</param>
    /// <param name="pip">The pip progress behind the step's counts, when the step is pip's; null for the venv.</param>
    public static Action<StepProgress?, TimeSpan> Heartbeat(ILogger logger, string step, Func<PipProgress>? pip = null) =>
        (_, elapsed) =>
        {
            var counts = pip?.Invoke();
            Progress(logger, step, Math.Round(elapsed.TotalMilliseconds), counts?.Collected, counts?.Installing, counts?.Installed, counts?.Latest);
        };

    /// <summary>Logs agent.install.step_completed for the step <paramref name="reporter"/> ran.</summary>
    /// <param name="logger">Where the event goes.</param>
    /// <param name="reporter">The step, for its name and its time.</param>
    /// <param name="pip">pip's final counts, when the step is pip's.</param>
    public static void Completed(ILogger logger, StepReporter reporter, PipProgress? pip = null) =>
        StepCompleted(logger, reporter.Name, Math.Round(reporter.Elapsed.TotalMilliseconds, 2), pip?.Collected, pip?.Installing, pip?.Installed);
}
