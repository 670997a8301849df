using System.Text.Json.Serialization;

namespace Par.Api.Agents.Manifest;

/// <summary>The YAML-derived maps shown as text (runtime, metadata): every value type <see cref="ManifestReader"/> produces.</summary>
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(List<object?>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
internal sealed partial class ManifestJson : JsonSerializerContext;
