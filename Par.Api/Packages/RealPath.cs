namespace Par.Api.Packages;

/// <summary>
/// realpath(3) in managed code: the absolute path with every symbolic link along it resolved. A directory package is
/// used in place, so its folders may be links; where PAR promises "inside the package" it compares real paths.
/// </summary>
internal static class RealPath
{
    // As the kernel's MAXSYMLINKS: a loop of links ends here instead of recursing for ever.
    private const int MaxLinks = 40;

    /// <summary>The real path; a part that does not exist is kept as written (there is no link to follow there).</summary>
    public static string Of(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or below it; both must be real paths.</summary>
    public static bool IsInside(string path, string folder) =>
        path == folder || path.StartsWith(Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Resolve(string fullPath, ref int links)
    {
        var root = Path.GetPathRoot(fullPath)!;
        var current = root;
        foreach (var segment in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, segment);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"too many levels of symbolic links at {next}");
                }

                // A relative target is relative to the folder holding the link, which is already real.
                next = Resolve(Path.GetFullPath(target, current), ref links);
            }

            current = next;
        }

        return current;
    }
}
