using Par.Api.Logging;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>What the worker found questionable while loading, though not fatal (an A2A factory that gave no actions).</summary>
internal static partial class AgentLoadLog
{
    [LoggerMessage(EventId = LogEvents.Agents.AgentLoadWarning, EventName = "agent.load_warning", Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void Warning(ILogger logger, string warning);
}
