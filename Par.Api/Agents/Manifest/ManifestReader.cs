using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Par.Api.Agents.Manifest;

/// <summary>Reads agent.yaml into <see cref="AgentManifest"/>: at most 1 MiB, no anchors or aliases.</summary>
internal static class ManifestReader
{
    public const string FileName = "agent.yaml";
    public const long MaxBytes = 1024 * 1024;

    private static readonly HashSet<string> KnownFields =
    [
        "name", "version", "description", "display_name", "author", "license", "capabilities", "metadata", "runtime",
        "entrypoint", "a2a", "rest", "http_server", "ui", "exports", "environment",
    ];

    /// <summary>Reads the manifest of a package directory; throws <see cref="ManifestException"/> naming the problem.</summary>
    public static AgentManifest ReadDirectory(string packageDirectory)
    {
        var path = Path.Combine(packageDirectory, FileName);
        if (Directory.Exists(path))
        {
            throw new ManifestException(FileName, "is a directory, not a file");
        }

        if (!File.Exists(path))
        {
            throw new ManifestException(FileName, "is missing from the package root");
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new ManifestException(FileName, $"is larger than {MaxBytes} bytes");
        }

        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException(FileName, $"cannot be read: {e.Message}");
        }

        return Parse(yaml);
    }

    public static AgentManifest Parse(string yaml)
    {
        // Before YamlStream builds a single node: it recurses per nesting level.
        YamlScreen.Check(yaml, FileName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ManifestException(FileName, $"is not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ManifestException(FileName, "must be a YAML mapping at the top level");
        }

        var map = (Dictionary<string, object?>)YamlTree.ToObject(root)!;
        if (ManifestTypes.Problems(map) is { Count: > 0 } problems)
        {
            throw new ManifestException(problems);
        }

        return ManifestMapper.Map(map, KnownFields);
    }
}

/// <summary>A manifest problem, naming the field; <see cref="Problems"/> lists each one when there are several.</summary>
internal sealed class ManifestException : Exception
{
    public ManifestException(string field, string problem)
        : base($"{field} {problem}")
    {
        Problems = [Message];
    }

    public ManifestException(IReadOnlyList<string> problems)
        : base(string.Join("; ", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}

/// <summary>Turns YAML nodes into plain dictionaries, lists and scalars (strings, bools, numbers).</summary>
internal static class YamlTree
{
    public static object? ToObject(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? string.Empty, c => ToObject(c.Value)),
        YamlSequenceNode seq => seq.Children.Select(ToObject).ToList(),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static object? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return text;
        }

        return text switch
        {
            null or "~" or "null" or "" => null,
            "true" or "True" => true,
            "false" or "False" => false,
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => text,
        };
    }
}
