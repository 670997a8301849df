using System.Reflection;
using System.Text.RegularExpressions;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Config;

/// <summary>The schema, the code that reads variables and docs/env.md agree in both directions.</summary>
public sealed partial class EnvContractTests
{
    private static readonly string SourceRoot = Path.Combine(TestPackages.RepositoryRoot, "Par.Api");

    [Fact]
    public void EnvNames_MatchSchemaVariablesExactly()
    {
        var names = typeof(EnvNames).GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.NonPublic)
            .Select(f => (string)f.GetValue(null)!).Order(StringComparer.Ordinal);

        Assert.Equal(EnvSchema.Instance.ByName.Keys.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void EveryDeclaredVariable_IsReadByTheBinderOrValidators()
    {
        var config = string.Join('\n', Directory.GetFiles(Path.Combine(SourceRoot, "Config"), "*.cs")
            .Where(f => !f.EndsWith("EnvNames.cs", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var unread = typeof(EnvNames).GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.NonPublic)
            .Where(f => !config.Contains("EnvNames." + f.Name, StringComparison.Ordinal))
            .Select(f => f.Name);

        Assert.Empty(unread);
    }

    [Fact]
    public void NoCode_ReadsTheEnvironmentOutsideEnvSnapshot()
    {
        var readers = Directory.GetFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => EnvironmentRead().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(SourceRoot, f));

        Assert.Equal([Path.Combine("Config", "EnvSnapshot.cs")], readers);
    }

    [Fact]
    public void NoCode_NamesAnUndeclaredVariableLiteral()
    {
        var declared = EnvSchema.Instance.ByName.Keys.ToHashSet();
        var literals = Directory.GetFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => VariableLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(name => name.Contains('_') && !declared.Contains(name) && !AllowedLiterals.Contains(name))
            .Distinct();

        Assert.Empty(literals);
    }

    [Fact]
    public void EnvDocs_MatchesCommittedDocsEnvMd()
    {
        var committed = File.ReadAllText(Path.Combine(TestPackages.RepositoryRoot, "docs", "env.md"));

        Assert.Equal(EnvDocs.Render(EnvSchema.Instance), committed);
    }

    /// <summary>Upper-case names that are not PAR's own variables: passed to children or defined by others.</summary>
    private static readonly HashSet<string> AllowedLiterals = ["PAR_WORKER", "VIRTUAL_ENV", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PIP_DISABLE_PIP_VERSION_CHECK", "PIP_NO_INPUT", "PYTHONPATH", "PYTHONPYCACHEPREFIX", "SAMPLE_GREETING",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", // withheld from the worker, never read
        "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", // .NET's switch, which PAR sets for itself (Lifecycle/SocketCompletions)
        "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"]; // glibc's, which the worker gets by default (WorkerLauncher)

    [GeneratedRegex(@"Environment\.(GetEnvironmentVariable|GetEnvironmentVariables)\(")]
    private static partial Regex EnvironmentRead();

    [GeneratedRegex("\"([A-Z][A-Z0-9]*_[A-Z0-9_]+)\"")]
    private static partial Regex VariableLiteral();
}
