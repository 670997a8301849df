using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Par.Api.Config;

namespace Par.Api.Cli;

/// <summary>What check-config prints: the effective configuration, the warnings it earns and every error.</summary>
internal sealed record CheckConfigOutput(
    bool Valid,
    IReadOnlyDictionary<string, string?> Configuration,
    IReadOnlyList<ConfigWarning> Warnings,
    IReadOnlyList<ConfigError> Errors);

/// <summary>The config.invalid line: the same shape as the runtime's JSON log lines, written before logging exists.</summary>
internal sealed record ConfigInvalidLine(
    string Ts, string Level, string Event, string Message, string? AgentAppId, string? DeploymentId, IReadOnlyList<ConfigError> Errors);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CheckConfigOutput))]
[JsonSerializable(typeof(ConfigInvalidLine))]
internal sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>Writes a value as JSON with only what JSON requires escaped (so '&gt;' and '\'' stay readable).</summary>
    public static string Write<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = indented }))
        {
            JsonSerializer.Serialize(writer, value, type);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
