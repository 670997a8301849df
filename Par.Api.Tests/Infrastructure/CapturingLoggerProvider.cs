using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Par.Api.Tests.Infrastructure;

/// <summary>One captured log event: its stable name, level, rendered message and structured fields.</summary>
internal sealed record CapturedLog(string Event, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields)
{
    /// <summary>The message and every field value, for "does the log say X" assertions.</summary>
    public string Text => string.Join('\n', [Message, .. Fields.Values.Select(v => v switch
    {
        null => string.Empty,
        string s => s,
        System.Collections.IEnumerable items => string.Join(' ', items.Cast<object?>()),
        _ => v.ToString(),
    })]);
}

/// <summary>Keeps every log event the runtime writes in memory, so tests can assert on events by name.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _events = new();

    public IReadOnlyList<CapturedLog> Events => [.. _events];

    public IEnumerable<CapturedLog> Named(string eventName) => Events.Where(e => e.Event == eventName);

    /// <summary>All events as text, one per line, for failure messages.</summary>
    public string Dump() => string.Join('\n', Events.Select(e => $"{e.Event}: {e.Message}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => p.Value)
                : [];
            owner._events.Enqueue(new CapturedLog(eventId.Name ?? category, logLevel, formatter(state, exception), fields));
        }
    }
}
