using System.Text.Json;
using System.Text.Json.Nodes;

namespace Par.Api.Config;

/// <summary>How a variable's value is shown outside the process.</summary>
internal enum SecretKind { None, Whole, Url }

/// <summary>One variable of schema/env.schema.json, with the keywords PAR acts on.</summary>
internal sealed record EnvVariable
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string Description { get; init; }
    public required string Category { get; init; }
    public required bool Required { get; init; }
    public string? Default { get; init; }
    public string? DefaultText { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public string? Pattern { get; init; }
    public string? PatternMessage { get; init; }
    public IReadOnlyList<string> Enum { get; init; } = [];
    public IReadOnlyList<string> Examples { get; init; } = [];
    public SecretKind Secret { get; init; }
}

/// <summary>The environment contract, read from the schema embedded in the assembly.</summary>
internal sealed class EnvSchema
{
    private static readonly Lazy<EnvSchema> Embedded = new(LoadEmbedded);

    private EnvSchema(IReadOnlyList<EnvVariable> variables)
    {
        Variables = variables;
        ByName = variables.ToDictionary(v => v.Name, StringComparer.Ordinal);
    }

    public static EnvSchema Instance => Embedded.Value;

    public IReadOnlyList<EnvVariable> Variables { get; }

    public IReadOnlyDictionary<string, EnvVariable> ByName { get; }

    public EnvVariable this[string name] => ByName[name];

    public static EnvSchema Parse(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var required = root["required"]?.AsArray().Select(n => n!.GetValue<string>()).ToHashSet() ?? [];
        var variables = root["properties"]!.AsObject()
            .Select(p => ReadVariable(p.Key, p.Value!.AsObject(), required.Contains(p.Key)))
            .ToList();
        return new EnvSchema(variables);
    }

    private static EnvVariable ReadVariable(string name, JsonObject node, bool required) => new()
    {
        Name = name,
        Type = node["type"]!.GetValue<string>(),
        Description = node["description"]!.GetValue<string>(),
        Category = node["x-category"]?.GetValue<string>() ?? "general",
        Required = required,
        Default = node["default"] is { } d ? AsText(d) : null,
        DefaultText = node["x-default"]?.GetValue<string>(),
        Minimum = node["minimum"]?.GetValue<double>(),
        Maximum = node["maximum"]?.GetValue<double>(),
        Pattern = node["pattern"]?.GetValue<string>(),
        PatternMessage = node["x-error"]?.GetValue<string>(),
        Enum = node["enum"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [],
        Examples = node["examples"]?.AsArray().Select(n => AsText(n!)).ToList() ?? [],
        Secret = node["x-secret"] switch
        {
            null => SecretKind.None,
            JsonValue v when v.GetValueKind() == JsonValueKind.True => SecretKind.Whole,
            JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "url" => SecretKind.Url,
            _ => SecretKind.None,
        },
    };

    private static string AsText(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => node.ToJsonString(),
    };

    private static EnvSchema LoadEmbedded()
    {
        using var stream = typeof(EnvSchema).Assembly.GetManifestResourceStream("env.schema.json")
            ?? throw new InvalidOperationException("env.schema.json is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
