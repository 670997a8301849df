using System.Text.RegularExpressions;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests;

/// <summary>
/// The house's rules (ARCHITECTURE.md), read from the <c>using Par.Api.X</c> lines of every source file: no cycle
/// between feature folders; Config knows nothing of what it configures; Packages knows nothing of agents or surfaces;
/// Agents knows nothing of transports; Lifecycle names no feature it runs; surfaces are siblings.
/// </summary>
public sealed partial class FeatureDependencyTests
{
    private static readonly string Source = Path.Combine(TestPackages.RepositoryRoot, "Par.Api");

    private static readonly IReadOnlyList<(string File, string From, string To)> Usings = Read();

    [Fact]
    public void TheSourcesAreRead()
    {
        Assert.Contains(Usings, u => u.From == "Agents/Runtimes" && u.To == "Lifecycle/Boot");
        Assert.Contains(Usings, u => u.From == "Surfaces/Rest" && u.To == "Agents");
    }

    [Theory]
    [InlineData("Config", "*")]
    [InlineData("Packages", "Agents")]
    [InlineData("Packages", "Surfaces")]
    [InlineData("Agents", "Surfaces")]
    [InlineData("Lifecycle", "Agents")]
    [InlineData("Lifecycle", "Packages")]
    [InlineData("Lifecycle", "Surfaces")]
    [InlineData("Health", "Surfaces")]
    [InlineData("Telemetry", "Surfaces")]
    public void Feature_DoesNotImport(string from, string to)
    {
        var offending = Usings.Where(u => Feature(u.From) == from && (to == "*" || Feature(u.To) == to) && Feature(u.To) != from)
            .Select(u => $"{u.File} -> {u.To}").ToList();
        Assert.True(offending.Count == 0, string.Join("\n", offending));
    }

    [Fact]
    public void Surfaces_DoNotImportEachOther()
    {
        var offending = Usings.Where(u => u.From.StartsWith("Surfaces/", StringComparison.Ordinal)
                && u.To.StartsWith("Surfaces/", StringComparison.Ordinal) && u.From != u.To)
            .Select(u => $"{u.File} -> {u.To}").ToList();
        Assert.True(offending.Count == 0, string.Join("\n", offending));
    }

    /// <summary>Depth 2 splits Agents and Surfaces into their parts (runtimes, manifest, skills; each surface).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FeatureFolders_HaveNoCycle(int depth)
    {
        var edges = Usings.Select(u => (From: Level(u.From, depth), To: Level(u.To, depth)))
            .Where(e => e.From != e.To).ToHashSet();
        var cycle = edges.Select(e => e.From).Distinct().Select(start => CycleFrom(start, edges)).FirstOrDefault(c => c is not null);
        Assert.True(cycle is null, "cycle: " + string.Join(" -> ", cycle ?? []));
    }

    /// <summary>A path of edges from <paramref name="start"/> back to itself, if there is one (depth-first).</summary>
    private static List<string>? CycleFrom(string start, HashSet<(string From, string To)> edges)
    {
        var path = new List<string> { start };
        var seen = new HashSet<string>();
        return Walk(start);

        List<string>? Walk(string node)
        {
            foreach (var next in edges.Where(e => e.From == node).Select(e => e.To))
            {
                if (next == start)
                {
                    return [.. path, start];
                }

                if (seen.Add(next))
                {
                    path.Add(next);
                    if (Walk(next) is { } found)
                    {
                        return found;
                    }

                    path.RemoveAt(path.Count - 1);
                }
            }

            return null;
        }
    }

    private static string Feature(string folder) => folder.Split('/')[0];

    private static string Level(string folder, int depth) =>
        Feature(folder) is "Agents" or "Surfaces" ? string.Join('/', folder.Split('/').Take(depth)) : folder.Split('/')[0];

    /// <summary>Each file's folder (two levels, "(root)" for Par.Api's own files) and the folder each using names.</summary>
    private static List<(string File, string From, string To)> Read()
    {
        var folders = Directory.GetDirectories(Source).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).ToHashSet();
        var usings = new List<(string, string, string)>();
        foreach (var file in Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Source, file).Replace('\\', '/');
            var parts = relative.Split('/');
            if (parts[0] is "bin" or "obj")
            {
                continue;
            }

            var from = parts.Length == 1 ? "(root)" : string.Join('/', parts.Take(Math.Min(2, parts.Length - 1)));
            foreach (Match line in UsingRegex().Matches(File.ReadAllText(file)))
            {
                var names = line.Groups["ns"].Value.Split('.');
                if (folders.Contains(names[0]))
                {
                    usings.Add((relative, from, string.Join('/', names.Take(2))));
                }
            }
        }

        return usings;
    }

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?Par\.Api\.(?<ns>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingRegex();
}
