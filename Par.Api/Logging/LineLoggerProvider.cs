using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Par.Api.Logging;

/// <summary>
/// PAR's logger: each entry formatted by PAR's formatter (JSON or text lines) on the thread that logs it, and the line
/// handed to <see cref="LogOutput"/> (a JSON line as the UTF-8 it was written in). The logging filters
/// (LoggingExtensions) decide what reaches it.
/// </summary>
internal sealed class LineLoggerProvider(ConsoleFormatter formatter, LogOutput output) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider? _scopes;

    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => output.Dispose();

    private void Write<TState>(in LogEntry<TState> entry)
    {
        if (formatter is JsonLineFormatter json)
        {
            json.WriteTo(in entry, output);
            return;
        }

        var writer = ThreadReused<StringWriter>.Take(static () => new StringWriter(new StringBuilder(512), CultureInfo.InvariantCulture));
        var text = writer.GetStringBuilder();
        text.Clear();
        try
        {
            formatter.Write(in entry, _scopes, writer);
            if (text.Length > 0)
            {
                output.Append(text, urgent: entry.LogLevel >= LogLevel.Error);
            }
        }
        finally
        {
            ThreadReused<StringWriter>.Return(writer, text.Capacity > ThreadReused.OrdinaryLine);
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
}
