using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Par.Api.Logging;

internal sealed class JsonLineFormatterOptions : ConsoleFormatterOptions
{
    public string AgentAppId { get; set; } = string.Empty;

    public string? DeploymentId { get; set; }
}

/// <summary>
/// One JSON object per line: ts, level, event, message, agentAppId, deploymentId, then the event's own fields
/// (camelCase), with secrets redacted.
/// </summary>
internal sealed class JsonLineFormatter(IOptionsMonitor<JsonLineFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "par-json";

    /// <summary>
    /// Escapes only what JSON requires (quotes, backslashes, control characters): the default encoder also escapes
    /// HTML-sensitive characters, so pip's "grpcio>=1.60" read "grpcio\u003E=1.60" in every log viewer.
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var settings = options.CurrentValue;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("ts", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
            json.WriteString("level", Level(logEntry.LogLevel));
            json.WriteString("event", EventName(logEntry.EventId, logEntry.Category));
            json.WriteString("message", LogRedactor.Text(message));
            json.WriteString("agentAppId", settings.AgentAppId);
            json.WriteString("deploymentId", settings.DeploymentId);
            if (!(logEntry.EventId.Name?.Contains('.', StringComparison.Ordinal) ?? false))
            {
                json.WriteString("category", logEntry.Category);
            }

            if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> fields)
            {
                foreach (var (key, value) in fields)
                {
                    if (key != "{OriginalFormat}")
                    {
                        json.WritePropertyName(CamelCase(key));
                        WriteValue(json, key, value);
                    }
                }
            }

            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", LogRedactor.Text(exception.ToString()));
            }

            json.WriteEndObject();
        }

        textWriter.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write('\n');
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else if (LogRedactor.IsSecretName(key))
        {
            json.WriteStringValue(Config.Redaction.Mask);
        }
        else if (value is bool flag)
        {
            json.WriteBooleanValue(flag);
        }
        else if (value is int or long or short)
        {
            json.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (value is decimal money)
        {
            json.WriteNumberValue(money);
        }
        else if (value is double or float && Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) is var number && double.IsFinite(number))
        {
            json.WriteNumberValue(number);
        }
        else if (value is IDictionary dictionary)
        {
            json.WriteStartObject();
            foreach (DictionaryEntry entry in dictionary)
            {
                var name = entry.Key.ToString() ?? string.Empty;
                json.WritePropertyName(name);
                WriteValue(json, name, entry.Value);
            }

            json.WriteEndObject();
        }
        else if (value is IEnumerable items and not string)
        {
            json.WriteStartArray();
            foreach (var item in items)
            {
                WriteValue(json, string.Empty, item);
            }

            json.WriteEndArray();
        }
        else
        {
            json.WriteStringValue(LogRedactor.Text(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
        }
    }

    private static string EventName(EventId id, string category) =>
        id.Name is { } name && name.Contains('.', StringComparison.Ordinal) ? name : "log";

    private static string CamelCase(string key) => key.Length > 0 && char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) + key[1..] : key;

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "fatal",
        _ => "none",
    };
}
