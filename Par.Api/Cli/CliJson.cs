using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Par.Api.Cli;

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
