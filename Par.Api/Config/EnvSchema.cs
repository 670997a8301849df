using System.Text.Json;

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

    /// <summary>
    /// Reads the schema over <see cref="JsonDocument"/>: its elements are read with non-generic accessors, where
    /// JsonNode's GetValue&lt;T&gt; is a generic virtual method, each first use of which the native executable's type
    /// loader resolved at run time, on the way to the worker's start.
    /// </summary>
    public static EnvSchema Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("required", out var names))
        {
            foreach (var name in names.EnumerateArray())
            {
                required.Add(name.GetString()!);
            }
        }

        var variables = new List<EnvVariable>();
        foreach (var property in root.GetProperty("properties").EnumerateObject())
        {
            variables.Add(ReadVariable(property.Name, property.Value, required.Contains(property.Name)));
        }

        return new EnvSchema(variables);
    }

    private static EnvVariable ReadVariable(string name, JsonElement node, bool required) => new()
    {
        Name = name,
        Type = node.GetProperty("type").GetString()!,
        Description = node.GetProperty("description").GetString()!,
        Category = Text(node, "x-category") ?? "general",
        Required = required,
        Default = node.TryGetProperty("default", out var d) ? AsText(d) : null,
        DefaultText = Text(node, "x-default"),
        Minimum = node.TryGetProperty("minimum", out var min) ? min.GetDouble() : null,
        Maximum = node.TryGetProperty("maximum", out var max) ? max.GetDouble() : null,
        Pattern = Text(node, "pattern"),
        PatternMessage = Text(node, "x-error"),
        Enum = node.TryGetProperty("enum", out var values) ? [.. values.EnumerateArray().Select(v => v.GetString()!)] : [],
        Examples = node.TryGetProperty("examples", out var examples) ? [.. examples.EnumerateArray().Select(AsText)] : [],
        Secret = node.TryGetProperty("x-secret", out var secret) ? secret.ValueKind switch
        {
            JsonValueKind.True => SecretKind.Whole,
            JsonValueKind.String when secret.ValueEquals("url") => SecretKind.Url,
            _ => SecretKind.None,
        } : SecretKind.None,
    };

    private static string? Text(JsonElement node, string keyword) => node.TryGetProperty(keyword, out var value) ? value.GetString() : null;

    private static string AsText(JsonElement node) => node.ValueKind switch
    {
        JsonValueKind.String => node.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => node.GetRawText(),
    };

    private static EnvSchema LoadEmbedded()
    {
        using var stream = typeof(EnvSchema).Assembly.GetManifestResourceStream("env.schema.json")
            ?? throw new InvalidOperationException("env.schema.json is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
