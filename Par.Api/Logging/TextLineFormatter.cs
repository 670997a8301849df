using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Par.Api.Logging;

/// <summary>
/// LOG_FORMAT=text: one readable line per entry ("12:00:00.000 info  boot.ready: message"), redacted as the JSON
/// lines are, so a pre-signed URL's signature never reaches the console in either format.
/// </summary>
internal sealed class TextLineFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "par-text";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = LogRedactor.Text(logEntry.Formatter(logEntry.State, logEntry.Exception));
        var name = logEntry.EventId.Name is { } n && n.Contains('.', StringComparison.Ordinal) ? n : logEntry.Category;
        textWriter.Write(DateTimeOffset.UtcNow.ToString("HH:mm:ss.fff"));
        textWriter.Write(' ');
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(' ');
        textWriter.Write(name);
        textWriter.Write(": ");
        textWriter.Write(OneLine(message));
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(" | ");
            textWriter.Write(OneLine(LogRedactor.Text(exception.ToString())));
        }

        textWriter.Write('\n');
    }

    /// <summary>A line per entry: embedded newlines (tracebacks, pip output) would otherwise read as separate entries.</summary>
    private static string OneLine(string text) => text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", " \\n ", StringComparison.Ordinal);

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
