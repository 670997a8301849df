namespace Par.Api.Agents.Python;

internal enum DependencyKind { None, Requirements, Project }

/// <summary>What the package asks pip to install: requirements.txt, else the package itself (pyproject.toml/setup.py).</summary>
internal sealed record Dependencies(DependencyKind Kind, string? Path)
{
    public static Dependencies Find(string packageDirectory)
    {
        var requirements = System.IO.Path.Combine(packageDirectory, "requirements.txt");
        if (File.Exists(requirements) && HasRequirementLines(requirements))
        {
            return new(DependencyKind.Requirements, requirements);
        }

        return File.Exists(System.IO.Path.Combine(packageDirectory, "pyproject.toml")) || File.Exists(System.IO.Path.Combine(packageDirectory, "setup.py"))
            ? new(DependencyKind.Project, packageDirectory)
            : new(DependencyKind.None, null);
    }

    /// <summary>pip's arguments after "install" for these dependencies.</summary>
    public IEnumerable<string> InstallArguments() => Kind switch
    {
        DependencyKind.Requirements => ["-r", Path!],
        DependencyKind.Project => [Path!],
        _ => [],
    };

    private static bool HasRequirementLines(string path) =>
        File.ReadLines(path).Any(l => l.Trim() is { Length: > 0 } t && !t.StartsWith('#'));
}
