using Par.Api.Logging;

namespace Par.Api.Lifecycle.Boot;

/// <summary>The boot pipeline's log events; the names are stable (docs/log-events.md).</summary>
internal static partial class BootLog
{
    [LoggerMessage(EventId = LogEvents.Lifecycle.BootPhaseStarted, EventName = "boot.phase.started", Level = LogLevel.Information, Message = "Boot phase {Phase} started")]
    public static partial void PhaseStarted(ILogger logger, string phase);

    [LoggerMessage(EventId = LogEvents.Lifecycle.BootPhaseCompleted, EventName = "boot.phase.completed", Level = LogLevel.Information,
        Message = "Boot phase {Phase} completed in {DurationMs} ms")]
    public static partial void PhaseCompleted(ILogger logger, string phase, double durationMs, long processMemoryBytes,
        long? containerMemoryLimitBytes, long? containerMemoryUsageBytes);

    [LoggerMessage(EventId = LogEvents.Lifecycle.RuntimeReady, EventName = "runtime.ready", Level = LogLevel.Information, Message = "Runtime ready in {BootMs} ms")]
    public static partial void Ready(ILogger logger, double bootMs, IReadOnlyDictionary<string, double> phases);

    [LoggerMessage(EventId = LogEvents.Lifecycle.BootBudgetExceeded, EventName = "boot.budget_exceeded", Level = LogLevel.Warning,
        Message = "Boot took {BootMs} ms, over the budget of {BudgetMs} ms")]
    public static partial void BudgetExceeded(ILogger logger, double bootMs, double budgetMs, IReadOnlyDictionary<string, double> phases);

    [LoggerMessage(EventId = LogEvents.Lifecycle.BootFailed, EventName = "boot.failed", Level = LogLevel.Error,
        Message = "Boot failed in phase {Phase} ({Check}): {Reason}; exiting with {ExitCode} after {BackoffSec} s")]
    public static partial void Failed(ILogger logger, string phase, string check, string reason, int exitCode, double backoffSec, Exception? exception);

    /// <summary>A <see cref="Config.ConfigWarnings"/> entry (its text is the one check-config shows).</summary>
    [LoggerMessage(EventId = LogEvents.Lifecycle.BootDebugDelay, EventName = "boot.debug_delay", Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void DebugDelay(ILogger logger, string warning);

    [LoggerMessage(EventId = LogEvents.Lifecycle.ConfigLoaded, EventName = "config.loaded", Level = LogLevel.Information, Message = "Configuration loaded")]
    public static partial void ConfigLoaded(ILogger logger, IReadOnlyDictionary<string, string?> configuration);

    /// <summary>A <see cref="Config.ConfigWarnings"/> entry (its text is the one check-config shows).</summary>
    [LoggerMessage(EventId = LogEvents.Lifecycle.ConfigStopTimeoutRisk, EventName = "config.stop_timeout_risk", Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void StopTimeoutRisk(ILogger logger, string warning);

    [LoggerMessage(EventId = LogEvents.Lifecycle.RuntimeListenerUnavailable, EventName = "runtime.listener_unavailable", Level = LogLevel.Critical,
        Message = "A listener could not be opened ({Check}): {Reason}; exiting with {ExitCode}")]
    public static partial void ListenerUnavailable(ILogger logger, string check, string reason, int exitCode);

    [LoggerMessage(EventId = LogEvents.Lifecycle.RuntimeUnexpectedError, EventName = "runtime.unexpected_error", Level = LogLevel.Critical,
        Message = "Unexpected {ExceptionType} outside the boot pipeline: {Reason}; exiting with {ExitCode}")]
    public static partial void UnexpectedError(ILogger logger, string exceptionType, string reason, int exitCode, Exception? exception);

    [LoggerMessage(EventId = LogEvents.Lifecycle.RuntimeExiting, EventName = "runtime.exiting", Level = LogLevel.Information, Message = "Runtime exiting with code {ExitCode}")]
    public static partial void Exiting(ILogger logger, int exitCode);
}
