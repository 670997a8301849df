using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// The A2A surface's JSON, by generated code. Its wire objects are built as <see cref="JsonObject"/>s by the named
/// mappers (<see cref="A2aWire"/> for 1.0, <see cref="A2aV03"/> for 0.3): one store, two shapes, no reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class A2aJson : JsonSerializerContext
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The node as UTF-8 JSON; a null value is written as <c>null</c> (a parse error's <c>"id": null</c>).</summary>
    public static byte[] Utf8(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }

        return buffer.ToArray();
    }
}
