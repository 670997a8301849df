namespace Par.Api.Agents.Runtimes.Python;

internal enum DependencyKind { None, Requirements, Project }

/// <summary>What the package asks pip to install: requirements.txt, else the package itself (pyproject.toml/setup.py).</summary>
internal sealed record Dependencies(DependencyKind Kind, string? Path)
{
    /// <summary>A setup.py/pyproject.toml is present but declares no dependencies: the fast path, no pip.</summary>
    public bool ProjectWithoutDependencies { get; init; }

    public static Dependencies Find(string packageDirectory)
    {
        var requirements = System.IO.Path.Combine(packageDirectory, "requirements.txt");
        if (File.Exists(requirements) && HasRequirementLines(requirements))
        {
            return new(DependencyKind.Requirements, requirements);
        }

        var hasProject = File.Exists(System.IO.Path.Combine(packageDirectory, "pyproject.toml")) || File.Exists(System.IO.Path.Combine(packageDirectory, "setup.py"));
        if (!hasProject)
        {
            return new(DependencyKind.None, null);
        }

        // The package is on the worker's sys.path already; installing a project that declares nothing buys only a
        // venv with pip (9-14 s) and the package's own metadata.
        return ProjectDependencies.DeclareNone(packageDirectory)
            ? new(DependencyKind.None, null) { ProjectWithoutDependencies = true }
            : new(DependencyKind.Project, packageDirectory);
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
