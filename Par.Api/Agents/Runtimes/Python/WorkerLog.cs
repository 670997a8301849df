using Par.Api.Logging;

namespace Par.Api.Agents.Runtimes.Python;

internal static partial class WorkerLog
{
    [LoggerMessage(EventId = LogEvents.Agents.AgentOutput, EventName = "agent.output", Level = LogLevel.Information, Message = "{Line}")]
    public static partial void Output(ILogger logger, string stream, string line);

    [LoggerMessage(EventId = LogEvents.Agents.AgentWorkerStarted, EventName = "agent.worker.started", Level = LogLevel.Information,
        Message = "Agent worker {Pid} loaded with {ActionCount} action(s); ASGI app: {Asgi}")]
    public static partial void Loaded(ILogger logger, int pid, int actionCount, bool asgi, IReadOnlyList<string> actions);

    [LoggerMessage(EventId = LogEvents.Agents.AgentLoadFailed, EventName = "agent.load_failed", Level = LogLevel.Error, Message = "The agent failed to load: {Error}")]
    public static partial void LoadFailed(ILogger logger, string error, string? traceback);

    [LoggerMessage(EventId = LogEvents.Agents.AgentWorkerExited, EventName = "agent.worker.exited", Level = LogLevel.Error,
        Message = "The agent worker exited unexpectedly with code {ExitCode}")]
    public static partial void Exited(ILogger logger, int exitCode);

    [LoggerMessage(EventId = LogEvents.Agents.AgentWorkerRestarting, EventName = "agent.worker.restarting", Level = LogLevel.Error,
        Message = "Agent worker {Index} (pid {Pid}) of {Count} exited unexpectedly with code {ExitCode}; the others serve, it restarts in {DelayMs} ms")]
    public static partial void Restarting(ILogger logger, int index, int pid, int count, int exitCode, double delayMs);

    [LoggerMessage(EventId = LogEvents.Agents.AgentWorkerStopped, EventName = "agent.worker.stopped", Level = LogLevel.Information,
        Message = "The agent worker stopped (exit {ExitCode}) in {DurationMs} ms")]
    public static partial void Stopped(ILogger logger, int exitCode, double durationMs, bool killed);

    [LoggerMessage(EventId = LogEvents.Agents.AgentWorkerHeadStart, EventName = "agent.worker.head_start", Level = LogLevel.Information,
        Message = "Agent worker {Pid} was started while the host started; it now loads the agent")]
    public static partial void HeadStart(ILogger logger, int pid);

    [LoggerMessage(EventId = LogEvents.Agents.AgentWorkerUnresponsive, EventName = "agent.worker.unresponsive", Level = LogLevel.Warning,
        Message = "The agent worker has not answered its liveness probe for {SilentSec} s ({Reason}): readiness is 503")]
    public static partial void Unresponsive(ILogger logger, double silentSec, string reason);

    [LoggerMessage(EventId = LogEvents.Agents.AgentWorkerResponsive, EventName = "agent.worker.responsive", Level = LogLevel.Information,
        Message = "The agent worker answers its liveness probe again: ready")]
    public static partial void Responsive(ILogger logger);

    [LoggerMessage(EventId = LogEvents.Agents.AgentTraceback, EventName = "agent.traceback", Level = LogLevel.Error, Message = "{Error}")]
    public static partial void Traceback(ILogger logger, string stream, string error, string traceback);
}
