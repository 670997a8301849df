namespace Par.Api.Lifecycle.Boot;

/// <summary>What the boot phases hand on to each other. Written only by the boot pipeline, in phase order.</summary>
internal sealed class BootContext
{
    /// <summary>The package file (.apkg) fetched or given; null when the package was given as a directory.</summary>
    public string? PackageFile { get; set; }

    /// <summary>Lowercase hex SHA-256 of the package file.</summary>
    public string? PackageSha256 { get; set; }

    /// <summary>The unpacked package (or the directory given).</summary>
    public string? PackageDirectory { get; set; }
}
