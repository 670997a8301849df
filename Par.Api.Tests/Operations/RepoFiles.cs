using System.Globalization;
using System.Text.Json.Nodes;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Par.Api.Tests.Operations;

/// <summary>The repository's operations files, parsed, and the schema defaults they must agree with.</summary>
internal static class RepoFiles
{
    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(TestPackages.RepositoryRoot, relativePath));

    public static JsonNode Json(string relativePath) => JsonNode.Parse(Text(relativePath))!;

    /// <summary>Every document of a YAML stream as JSON (scalars stay strings, as YAML leaves them untyped).</summary>
    public static IReadOnlyList<JsonNode> YamlDocuments(string relativePath)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(Text(relativePath)));
        parser.Consume<StreamStart>();
        var documents = new List<JsonNode>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(ToJson(deserializer.Deserialize<object>(parser))!);
        }

        return documents;
    }

    private static JsonNode? ToJson(object? yaml) => yaml switch
    {
        IDictionary<object, object?> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key.ToString()!, ToJson(p.Value)))),
        IList<object?> list => new JsonArray([.. list.Select(ToJson)]),
        null => null,
        _ => JsonValue.Create(yaml.ToString()),
    };

    public static string Default(string variable) =>
        EnvSchema.Instance[variable].Default ?? throw new InvalidOperationException($"{variable} has no default in the schema");

    public static int DefaultInt(string variable) => int.Parse(Default(variable), CultureInfo.InvariantCulture);

    /// <summary>A number that JSON may hold as a number and YAML as a string.</summary>
    public static int Int(JsonNode? node) =>
        node is null ? throw new InvalidOperationException("missing number") : int.Parse(node.ToString(), CultureInfo.InvariantCulture);
}
