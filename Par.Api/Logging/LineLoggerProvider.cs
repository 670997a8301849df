using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Par.Api.Logging;

/// <summary>
/// PAR's logger: each entry formatted by PAR's formatter (JSON or text lines) on the thread that logs it, and the line
/// handed to <see cref="LogOutput"/>. The logging filters (LoggingExtensions) decide what reaches it.
/// </summary>
internal sealed class LineLoggerProvider(ConsoleFormatter formatter, LogOutput output) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider? _scopes;

    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => output.Dispose();

    private void Write<TState>(in LogEntry<TState> entry)
    {
        var line = LineSlot.Take();
        try
        {
            formatter.Write(in entry, _scopes, line.Writer);
            if (line.Text.Length > 0)
            {
                output.Append(line.Text, urgent: entry.LogLevel >= LogLevel.Error);
            }
        }
        finally
        {
            line.Return();
        }
    }

    private sealed class LineLogger(string category, LineLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
            }
        }
    }

    /// <summary>Each thread's line writer, reused; a line logged while this thread's is being formatted gets its own.</summary>
    private sealed class LineSlot
    {
        [ThreadStatic]
        private static LineSlot? t_slot;

        private bool _inUse;

        public StringWriter Writer { get; } = new(new StringBuilder(512), System.Globalization.CultureInfo.InvariantCulture);

        public StringBuilder Text => Writer.GetStringBuilder();

        public static LineSlot Take()
        {
            var slot = t_slot is { _inUse: false } cached ? cached : new LineSlot();
            t_slot ??= slot;
            slot._inUse = true;
            slot.Text.Clear();
            return slot;
        }

        public void Return()
        {
            _inUse = false;
            // A huge line (a long exception's) does not keep its buffer alive on this thread.
            if (Text.Capacity > 64 * 1024 && ReferenceEquals(t_slot, this))
            {
                t_slot = null;
            }
        }
    }
}
