using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Par.Api.Agents.Manifest;

/// <summary>
/// One pass over the YAML event stream, before any node is built: the parser keeps its own stack, while building
/// nodes recurses, so a hostile nesting depth must be refused here or it overflows the process stack. Refuses
/// anchors and aliases, nesting deeper than <see cref="MaxDepth"/>, keys that are not scalars and duplicate keys.
/// </summary>
internal static class YamlScreen
{
    public const int MaxDepth = 64;

    private sealed class Frame(bool isMapping)
    {
        public bool IsMapping { get; } = isMapping;

        public bool ExpectingKey { get; set; } = true;

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }

    public static void Check(string yaml, string file)
    {
        var parser = new Parser(new StringReader(yaml));
        var open = new Stack<Frame>();
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        throw new ManifestException(file, $"uses the YAML alias *{alias.Value} (line {Line(alias)}); anchors and aliases are not allowed");
                    case NodeEvent { Anchor.IsEmpty: false } anchored:
                        throw new ManifestException(file, $"uses the YAML anchor &{anchored.Anchor.Value} (line {Line(anchored)}); anchors and aliases are not allowed");
                    case NodeEvent node:
                        Place(open, node, file);
                        break;
                    case MappingEnd or SequenceEnd:
                        open.Pop();
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw new ManifestException(file, $"is not valid YAML: {e.Message}");
        }
    }

    private static void Place(Stack<Frame> open, NodeEvent node, string file)
    {
        if (open.TryPeek(out var parent) && parent.IsMapping)
        {
            if (parent.ExpectingKey)
            {
                var key = node as Scalar ?? throw new ManifestException(file, $"has a {Kind(node)} as a mapping key (line {Line(node)}); keys must be plain strings");
                if (!parent.Keys.Add(key.Value))
                {
                    throw new ManifestException(file, $"has the key '{key.Value}' twice in one mapping (line {Line(node)})");
                }
            }

            parent.ExpectingKey = !parent.ExpectingKey;
        }

        if (node is MappingStart or SequenceStart)
        {
            if (open.Count == MaxDepth)
            {
                throw new ManifestException(file, $"nests deeper than {MaxDepth} levels (line {Line(node)})");
            }

            open.Push(new Frame(node is MappingStart));
        }
    }

    private static string Kind(NodeEvent node) => node is MappingStart ? "mapping" : "sequence";

    private static long Line(ParsingEvent e) => e.Start.Line;
}
