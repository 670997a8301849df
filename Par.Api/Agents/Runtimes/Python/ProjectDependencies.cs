using System.Text.RegularExpressions;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// Whether a package's setup.py/pyproject.toml declares no dependencies, so installing the package itself would only
/// cost a venv with pip (seconds) for nothing: pixell-sdk's builder always writes a setup.py, with
/// <c>install_requires=[]</c> when the agent has none. A conservative text check (no Python is run): anything it does
/// not recognise as "none" counts as dependencies, and pip runs as before. The rule is in docs/python-agents.md.
/// </summary>
internal static partial class ProjectDependencies
{
    /// <summary>True when every project file present declares no dependencies and no build step.</summary>
    public static bool DeclareNone(string packageDirectory)
    {
        var setupPy = Path.Combine(packageDirectory, "setup.py");
        var pyproject = Path.Combine(packageDirectory, "pyproject.toml");
        return (!File.Exists(setupPy) || SetupPyDeclaresNone(File.ReadAllText(setupPy)))
            && (!File.Exists(pyproject) || PyprojectDeclaresNone(File.ReadAllText(pyproject)));
    }

    /// <summary>
    /// No <c>install_requires</c> but an empty list literal, no <c>setup_requires</c>, <c>dependency_links</c>,
    /// <c>ext_modules</c> or <c>cmdclass</c> (a build step whose result the agent might import). A script computing its
    /// list (<c>install_requires=read_requirements()</c>) counts as declaring dependencies.
    /// </summary>
    public static bool SetupPyDeclaresNone(string text)
    {
        var code = string.Join('\n', text.Split('\n').Select(StripComment));
        if (RiskyKeyword().IsMatch(code))
        {
            return false;
        }

        var uses = InstallRequires().Matches(code).Count;
        return uses == EmptyInstallRequires().Matches(code).Count;
    }

    /// <summary>
    /// <c>[project]</c> with no <c>dependencies</c> or <c>dependencies = []</c>, dependencies not listed in
    /// <c>dynamic</c>, and no other tool's dependency table (Poetry's <c>[tool.poetry.dependencies]</c>, ...).
    /// </summary>
    public static bool PyprojectDeclaresNone(string text)
    {
        var table = string.Empty;
        var lines = text.Split('\n').Select(StripComment).Select(l => l.Trim()).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (TableHeader().Match(line) is { Success: true } header)
            {
                table = header.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal);
                if (table != "project" && table.Contains("dependencies", StringComparison.OrdinalIgnoreCase) && !table.StartsWith("dependency-groups", StringComparison.Ordinal))
                {
                    return false;
                }

                continue;
            }

            if (table != "project")
            {
                continue;
            }

            if (DynamicKey().IsMatch(line) && line.Contains("dependencies", StringComparison.Ordinal))
            {
                return false;
            }

            if (DependenciesKey().Match(line) is not { Success: true } key)
            {
                continue;
            }

            var value = key.Groups[1].Value;
            while (!value.Contains(']', StringComparison.Ordinal) && i + 1 < lines.Count)
            {
                value += lines[++i];
            }

            if (EmptyList().IsMatch(value) is false)
            {
                return false;
            }
        }

        return true;
    }

    // A '#' inside a string would cut it short; that can only turn "none" into "some", never the other way round.
    private static string StripComment(string line) => line.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? line[..hash] : line;

    [GeneratedRegex(@"\b(setup_requires|dependency_links|ext_modules|cmdclass)\b")]
    private static partial Regex RiskyKeyword();

    [GeneratedRegex(@"\binstall_requires\b")]
    private static partial Regex InstallRequires();

    [GeneratedRegex(@"\binstall_requires\s*=\s*\[\s*\]")]
    private static partial Regex EmptyInstallRequires();

    [GeneratedRegex(@"^\[\[?\s*([^\]]+?)\s*\]\]?$")]
    private static partial Regex TableHeader();

    [GeneratedRegex(@"^dynamic\s*=")]
    private static partial Regex DynamicKey();

    [GeneratedRegex(@"^[""']?dependencies[""']?\s*=\s*(.*)$")]
    private static partial Regex DependenciesKey();

    [GeneratedRegex(@"^\[\s*,?\s*\]$")]
    private static partial Regex EmptyList();
}
