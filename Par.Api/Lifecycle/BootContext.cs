namespace Par.Api.Lifecycle;

/// <summary>A step of the boot pipeline. Phases run one after another in the order of <see cref="BootPhases.Order"/>.</summary>
internal interface IBootPhase
{
    string Name { get; }

    Task RunAsync(BootContext context, CancellationToken cancellationToken);
}

internal static class BootPhases
{
    public static readonly string[] Order = ["fetch", "verify", "extract", "manifest", "install", "worker", "surfaces"];

    public static int IndexOf(string phase) =>
        Array.IndexOf(Order, phase) is var i and >= 0 ? i : throw new InvalidOperationException($"unknown boot phase '{phase}'");
}

/// <summary>What the boot phases hand on to each other. Written only by the boot pipeline, in phase order.</summary>
internal sealed class BootContext
{
    /// <summary>The package file (.apkg) fetched or given; null when the package was given as a directory.</summary>
    public string? PackageFile { get; set; }

    /// <summary>Lowercase hex SHA-256 of the package file.</summary>
    public string? PackageSha256 { get; set; }

    /// <summary>The unpacked package (or the directory given).</summary>
    public string? PackageDirectory { get; set; }

    /// <summary>The interpreter of the agent's venv.</summary>
    public string? PythonExecutable { get; set; }
}
