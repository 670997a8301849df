using System.Text.Json;
using System.Text.Json.Serialization;

namespace Par.Api.Health;

/// <summary>The bodies of /health, /ready and /live, serialized by generated code (NativeAOT has no reflection serializer).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthBody))]
[JsonSerializable(typeof(ReadyBody))]
[JsonSerializable(typeof(LiveBody))]
internal sealed partial class HealthJson : JsonSerializerContext
{
    /// <summary>Adds this context to the minimal APIs' resolver chain (the main app and the standalone UI app).</summary>
    public static IServiceCollection AddHealthJson(IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, Default));
}
