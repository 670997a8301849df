using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Par.Api.Tests.Infrastructure;

/// <summary>One log call as the code made it: event name, formatted message, raw fields and exception, before any formatter.</summary>
internal sealed record CapturedLog(string? Event, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields, Exception? Exception)
{
    /// <summary>Everything a log sink could ever print for this entry.</summary>
    public string AllText => string.Join('\n', [Message, .. Fields.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)), Exception?.ToString()]);
}

/// <summary>A logger provider that keeps every entry in memory, for assertions on events and on what they must never contain.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public IReadOnlyList<CapturedLog> Named(string eventName) => [.. _entries.Where(e => e.Event == eventName)];

    public ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public ILogger<T> CreateLogger<T>() => new Logger<T>(new LoggerFactory([this]));

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => p.Value)
                : [];
            entries.Enqueue(new CapturedLog(eventId.Name, logLevel, formatter(state, exception), fields, exception));
        }
    }
}
