using System.Text.Json;
using System.Text.RegularExpressions;

namespace Par.Api.Tests.Operations;

/// <summary>The Dockerfile as a list of instructions (continuation lines joined, comments dropped).</summary>
internal sealed partial class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<(string Keyword, string Arguments)> instructions) => Instructions = instructions;

    public IReadOnlyList<(string Keyword, string Arguments)> Instructions { get; }

    public static DockerfileModel Load()
    {
        var joined = ContinuationRegex().Replace(RepoFiles.Text("Dockerfile"), " ");
        var instructions = joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2))
            .Select(p => (p[0].ToUpperInvariant(), p.Length > 1 ? p[1].Trim() : string.Empty))
            .ToList();
        return new DockerfileModel(instructions);
    }

    public IEnumerable<string> All(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    public string Single(string keyword) => Assert.Single(All(keyword));

    /// <summary>ARG and ENV values: NAME=VALUE pairs (this Dockerfile never quotes them).</summary>
    public IReadOnlyDictionary<string, string> Pairs(string keyword) =>
        All(keyword).SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty);

    /// <summary>An exec-form instruction's JSON array, e.g. ENTRYPOINT ["a", "b"].</summary>
    public static string[] ExecForm(string arguments) => JsonSerializer.Deserialize<string[]>(arguments)!;

    /// <summary>The command of HEALTHCHECK [options] CMD [...].</summary>
    public string[] HealthcheckCommand => ExecForm(Single("HEALTHCHECK").Split("CMD", 2)[1].Trim());

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuationRegex();
}
