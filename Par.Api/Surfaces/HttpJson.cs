using System.Text.Json;
using System.Text.Json.Serialization;
using Par.Api.Surfaces.Rest;
using Par.Api.Surfaces.Ui;

namespace Par.Api.Surfaces;

/// <summary>
/// Every HTTP body the surfaces write (the health bodies are Health's own), serialized by generated code (NativeAOT has no reflection serializer). The primitive and
/// collection types are the values agent.yaml's `metadata` and extra fields can hold (<see cref="Agents.Manifest.ManifestReader"/>).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MetaResponse))]
[JsonSerializable(typeof(SurfaceHealth))]
[JsonSerializable(typeof(UiConfig))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(List<object?>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
internal sealed partial class HttpJson : JsonSerializerContext
{
    /// <summary>Puts this context first in the minimal APIs' resolver chain (the main app and the standalone UI app).</summary>
    public static IServiceCollection AddHttpJson(IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, Default));
}
