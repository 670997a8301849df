using System.Text.Json;
using System.Text.Json.Serialization;

namespace Par.Api.Health;

/// <summary>
/// A boot step's progress in /health and /ready: one number per count, as the feature names them, then "detail"
/// when there is one, e.g. <c>{"collected":12,"installing":0,"installed":0,"detail":"Collecting numpy==1.26"}</c>.
/// </summary>
[JsonConverter(typeof(ProgressBodyConverter))]
internal sealed record ProgressBody(IReadOnlyList<KeyValuePair<string, long>> Counts, string? Detail);

/// <summary>Writes the counts as the object's own members (the names are the feature's, not fixed properties).</summary>
internal sealed class ProgressBodyConverter : JsonConverter<ProgressBody>
{
    public override ProgressBody Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("progress is only written");

    public override void Write(Utf8JsonWriter writer, ProgressBody value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, count) in value.Counts)
        {
            writer.WriteNumber(name, count);
        }

        if (value.Detail is { } detail)
        {
            writer.WriteString("detail", detail);
        }

        writer.WriteEndObject();
    }
}
