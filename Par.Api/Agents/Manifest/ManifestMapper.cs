using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Par.Api.Agents.Manifest;

/// <summary>Maps the YAML tree onto the manifest record, tolerating the shapes pixell-kit has written over time.</summary>
internal static class ManifestMapper
{
    // The runtime map (and metadata) are shown as text in /meta and DescribeCapabilities; ">=3.9" should read as
    // written, not as \u003E=3.9.
    private static readonly JsonSerializerOptions RuntimeJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ManifestJson.Default,
    };

    private static readonly JsonTypeInfo MapType = RuntimeJson.GetTypeInfo(typeof(Dictionary<string, object?>));

    public static AgentManifest Map(Dictionary<string, object?> map, IReadOnlySet<string> knownFields)
    {
        var metadata = map.GetValueOrDefault("metadata") as Dictionary<string, object?> ?? [];
        return new AgentManifest
        {
            Name = Text(map, "name"),
            Version = Text(map, "version") ?? Text(metadata, "version"),
            Description = Text(map, "description"),
            DisplayName = Text(map, "display_name"),
            Author = Text(map, "author"),
            License = Text(map, "license"),
            Capabilities = (map.GetValueOrDefault("capabilities") as List<object?>)?.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "").ToList() ?? [],
            Metadata = metadata,
            MetadataJson = JsonSerializer.Serialize(metadata, MapType),
            Runtime = map.GetValueOrDefault("runtime") switch
            {
                null => null,
                Dictionary<string, object?> runtime => JsonSerializer.Serialize(runtime, MapType),
                var other => Convert.ToString(other, CultureInfo.InvariantCulture),
            },
            Entrypoint = Text(map, "entrypoint"),
            A2a = Section(map, "a2a") is { } a2a ? new A2aSection(Text(a2a, "service") ?? Text(a2a, "entry") ?? Text(a2a, "http_server")) : null,
            Rest = Section(map, "rest") is { } rest ? new RestSection(Text(rest, "entry"), Text(rest, "asgi")) : null,
            HttpServer = Text(map, "http_server"),
            Ui = Section(map, "ui") is { } ui ? new UiSection(Text(ui, "path"), Text(ui, "basePath") ?? Text(ui, "base_path")) : null,
            Exports = (map.GetValueOrDefault("exports") as List<object?>)?
                .Select(e => e as Dictionary<string, object?> ?? [])
                .Select(e => new ExportEntry(Text(e, "name"), Text(e, "handler")))
                .ToList() ?? [],
            Environment = (map.GetValueOrDefault("environment") as Dictionary<string, object?>)?
                .ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty) ?? [],
            Extra = map.Where(p => !knownFields.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value),
        };
    }

    /// <summary>A section given as a map; a section present but empty (or not a map) becomes an empty map so its keys read as missing.</summary>
    private static Dictionary<string, object?>? Section(Dictionary<string, object?> map, string key) =>
        !map.TryGetValue(key, out var value) ? null : value as Dictionary<string, object?> ?? [];

    private static string? Text(Dictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
}
