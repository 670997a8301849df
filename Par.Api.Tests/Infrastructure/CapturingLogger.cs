using Microsoft.Extensions.Logging;

namespace Par.Api.Tests.Infrastructure;

/// <summary>A logger that keeps what was logged, so a test can assert the events an operator would see.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<(string Event, LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(string Event, LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IReadOnlyList<string> Events => [.. Entries.Select(e => e.Event)];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((eventId.Name ?? string.Empty, logLevel, formatter(state, exception)));
        }
    }
}
