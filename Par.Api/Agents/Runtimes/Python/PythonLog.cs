using Par.Api.Logging;

namespace Par.Api.Agents.Runtimes.Python;

internal static partial class PythonLog
{
    [LoggerMessage(EventId = LogEvents.Agents.AgentVenvCreated, EventName = "agent.venv.created", Level = LogLevel.Information,
        Message = "Created venv {Path} with {Python} (pip: {WithPip})")]
    public static partial void VenvCreated(ILogger logger, string path, string python, bool withPip, double durationMs);

    [LoggerMessage(EventId = LogEvents.Agents.AgentVenvReused, EventName = "agent.venv.reused", Level = LogLevel.Information, Message = "Reusing cached venv {Path}")]
    public static partial void VenvReused(ILogger logger, string path);

    [LoggerMessage(EventId = LogEvents.Agents.AgentVenvDiscarded, EventName = "agent.venv.discarded", Level = LogLevel.Warning,
        Message = "Discarding the incomplete cached venv {Path}")]
    public static partial void VenvDiscarded(ILogger logger, string path);

    [LoggerMessage(EventId = LogEvents.Agents.AgentInstallStarted, EventName = "agent.install.started", Level = LogLevel.Information,
        Message = "Installing dependencies from {Source}")]
    public static partial void InstallStarted(ILogger logger, string source, IReadOnlyList<string> arguments);

    [LoggerMessage(EventId = LogEvents.Agents.AgentInstallOutput, EventName = "agent.install.output", Level = LogLevel.Information, Message = "{Line}")]
    public static partial void InstallOutput(ILogger logger, string line);

    [LoggerMessage(EventId = LogEvents.Agents.AgentInstallCompleted, EventName = "agent.install.completed", Level = LogLevel.Information,
        Message = "Dependencies installed in {DurationMs} ms")]
    public static partial void InstallCompleted(ILogger logger, double durationMs);

    [LoggerMessage(EventId = LogEvents.Agents.AgentInstallSkipped, EventName = "agent.install.skipped", Level = LogLevel.Information,
        Message = "The package declares no dependencies; venv created without pip")]
    public static partial void InstallSkipped(ILogger logger);

    [LoggerMessage(EventId = LogEvents.Agents.WheelhouseUnavailable, EventName = "wheelhouse.unavailable", Level = LogLevel.Warning,
        Message = "WHEELHOUSE_DIR {Directory} is missing or unreadable; pip falls back to its index")]
    public static partial void WheelhouseUnavailable(ILogger logger, string directory);

    [LoggerMessage(EventId = LogEvents.Agents.AgentInstallProjectWithoutDependencies, EventName = "agent.install.project_without_dependencies", Level = LogLevel.Information,
        Message = "setup.py/pyproject.toml declares no dependencies: the package is not installed, its folder is on the worker's sys.path")]
    public static partial void ProjectWithoutDependencies(ILogger logger);
}
