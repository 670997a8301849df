namespace Par.Api.Packages.Extraction;

/// <summary>A package PAR refuses (exit 65), naming the zip entry at fault, or none when the archive as a whole is bad.</summary>
internal sealed class PackageException(string? entry, string problem, Exception? inner = null)
    : Exception(entry is null ? $"package {problem}" : $"entry '{entry}': {problem}", inner)
{
    public string? Entry { get; } = entry;

    public string Problem { get; } = problem;
}
