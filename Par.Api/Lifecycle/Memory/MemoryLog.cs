using Par.Api.Logging;

namespace Par.Api.Lifecycle.Memory;

/// <summary>The idle trim's log event; the name is stable (docs/log-events.md).</summary>
internal static partial class MemoryLog
{
    [LoggerMessage(EventId = LogEvents.Lifecycle.RuntimeMemoryTrimmed, EventName = "runtime.memory_trimmed", Level = LogLevel.Debug,
        Message = "Idle: memory given back, RSS {RssBeforeBytes} -> {RssAfterBytes} bytes ({DurationMs} ms)")]
    public static partial void Trimmed(ILogger logger, long rssBeforeBytes, long rssAfterBytes, long heapBytes, long heapCommittedBytes, double durationMs);
}
