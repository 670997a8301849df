using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
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
internal sealed class JsonLineFormatter(IOptions<JsonLineFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "par-json";

    /// <summary>The fields every line carries, encoded once (PAR's options come from its environment and never change).</summary>
    private readonly Identity _identity = new(options.Value);

    /// <summary>The levels' names by LogLevel (0 Trace … 6 None), encoded once.</summary>
    private static readonly JsonEncodedText[] Levels =
        [.. new[] { "trace", "debug", "info", "warn", "error", "fatal", "none" }.Select(name => JsonEncodedText.Encode(name))];

    /// <summary>Field names of message templates (a bounded set): their camelCase and whether they name a secret.</summary>
    private static readonly ConcurrentDictionary<string, (string Name, bool Secret)> FieldNames = new(StringComparer.Ordinal);

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var identity = _identity;
        var line = ThreadReused<LineBuffer>.Take(static () => new LineBuffer());
        var json = line.Start();
        try
        {
            WriteLine(json, logEntry, message, identity);
            line.CopyTo(textWriter);
        }
        finally
        {
            ThreadReused<LineBuffer>.Return(line, line.Oversized);
        }

        textWriter.Write('\n');
    }

    /// <summary>
    /// The entry's line, newline included, appended to <paramref name="output"/> as the UTF-8 the JSON writer made:
    /// what <see cref="Write"/> gives, without turning the bytes into characters and back on the way.
    /// </summary>
    public void WriteTo<TState>(in LogEntry<TState> logEntry, LogOutput output)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var line = ThreadReused<LineBuffer>.Take(static () => new LineBuffer());
        var json = line.Start();
        try
        {
            WriteLine(json, logEntry, message, _identity);
            output.Append(line.Utf8Line(), urgent: logEntry.LogLevel >= LogLevel.Error);
        }
        finally
        {
            ThreadReused<LineBuffer>.Return(line, line.Oversized);
        }
    }

    private static void WriteLine<TState>(Utf8JsonWriter json, in LogEntry<TState> logEntry, string message, Identity identity)
    {
        json.WriteStartObject();
        Span<byte> ts = stackalloc byte[LogTimestamp.Length];
        LogTimestamp.Write(DateTime.UtcNow, ts);
        json.WriteString(Names.Ts, ts);
        json.WriteString(Names.Level, Level(logEntry.LogLevel));
        json.WriteString(Names.Event, EventName(logEntry.EventId, logEntry.Category));
        json.WriteString(Names.Message, LogRedactor.Text(message));
        json.WriteString(Names.AgentAppId, identity.AgentAppId);
        if (identity.DeploymentId is { } deployment)
        {
            json.WriteString(Names.DeploymentId, deployment);
        }
        else
        {
            json.WriteNull(Names.DeploymentId);
        }
        if (!(logEntry.EventId.Name?.Contains('.', StringComparison.Ordinal) ?? false))
        {
            json.WriteString(Names.Category, logEntry.Category);
        }

        if (logEntry.State is IJsonLogFields own)
        {
            own.WriteFields(json);
        }
        else if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> fields)
        {
            foreach (var (key, value) in fields)
            {
                if (key != "{OriginalFormat}")
                {
                    var (name, secret) = FieldName(key);
                    json.WritePropertyName(name);
                    WriteValue(json, secret, value);
                }
            }
        }

        if (logEntry.Exception is { } exception)
        {
            json.WriteString(Names.Exception, LogRedactor.Text(exception.ToString()));
        }

        json.WriteEndObject();
    }

    private static (string Name, bool Secret) FieldName(string key)
    {
        if (FieldNames.TryGetValue(key, out var known))
        {
            return known;
        }

        var field = (CamelCase(key), LogRedactor.IsSecretName(key));
        if (FieldNames.Count < 4096)
        {
            FieldNames.TryAdd(key, field);
        }

        return field;
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value) =>
        WriteValue(json, LogRedactor.IsSecretName(key), value);

    private static void WriteValue(Utf8JsonWriter json, bool secret, object? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else if (secret)
        {
            json.WriteStringValue(Config.Redaction.Mask);
        }
        else if (value is bool flag)
        {
            json.WriteBooleanValue(flag);
        }
        else if (value is int or long or short)
        {
            json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
        }
        else if (value is decimal money)
        {
            json.WriteNumberValue(money);
        }
        else if (value is double or float && Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number && double.IsFinite(number))
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
            json.WriteStringValue(LogRedactor.Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
        }
    }

    private static string EventName(EventId id, string category) =>
        id.Name is { } name && name.Contains('.', StringComparison.Ordinal) ? name : "log";

    private static string CamelCase(string key) => key.Length > 0 && char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) + key[1..] : key;

    private static JsonEncodedText Level(LogLevel level) => Levels[Math.Clamp((int)level, 0, Levels.Length - 1)];

    private sealed class Identity(JsonLineFormatterOptions settings)
    {
        public JsonEncodedText AgentAppId { get; } = JsonEncodedText.Encode(settings.AgentAppId, LineBuffer.Encoder);

        public JsonEncodedText? DeploymentId { get; } =
            settings.DeploymentId is { } id ? JsonEncodedText.Encode(id, LineBuffer.Encoder) : null;
    }

    /// <summary>The fixed property names, encoded once instead of checked and escaped in every line.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Ts = JsonEncodedText.Encode("ts");
        public static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
        public static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText AgentAppId = JsonEncodedText.Encode("agentAppId");
        public static readonly JsonEncodedText DeploymentId = JsonEncodedText.Encode("deploymentId");
        public static readonly JsonEncodedText Category = JsonEncodedText.Encode("category");
        public static readonly JsonEncodedText Exception = JsonEncodedText.Encode("exception");
    }
}

/// <summary>One thread's JSON line: the bytes written, and the characters they become for the line's writer.</summary>
internal sealed class LineBuffer
{
    /// <summary>
    /// Escapes only what JSON requires (quotes, backslashes, control characters): the default encoder also escapes
    /// HTML-sensitive characters, so pip's "grpcio>=1.60" read "grpcio\u003E=1.60" in every log viewer.
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder };

    private readonly ArrayBufferWriter<byte> _bytes = new(1024);
    private readonly Utf8JsonWriter _json;
    private char[] _chars = new char[1024];

    public LineBuffer() => _json = new Utf8JsonWriter(_bytes, WriterOptions);

    /// <summary>The writer, emptied.</summary>
    public Utf8JsonWriter Start()
    {
        _bytes.ResetWrittenCount();
        _json.Reset(_bytes);
        return _json;
    }

    /// <summary>The line's bytes and a newline, valid until the next <see cref="Start"/>.</summary>
    public ReadOnlySpan<byte> Utf8Line()
    {
        _json.Flush();
        _bytes.GetSpan(1)[0] = (byte)'\n';
        _bytes.Advance(1);
        return _bytes.WrittenSpan;
    }

    public void CopyTo(TextWriter writer)
    {
        _json.Flush();
        var bytes = _bytes.WrittenSpan;
        var needed = System.Text.Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var count = System.Text.Encoding.UTF8.GetChars(bytes, _chars);
        writer.Write(_chars.AsSpan(0, count));
    }

    /// <summary>Grown past what an ordinary line needs (a long exception's).</summary>
    public bool Oversized => _bytes.Capacity > ThreadReused.OrdinaryLine;
}
