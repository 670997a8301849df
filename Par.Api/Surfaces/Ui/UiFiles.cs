using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using Par.Api.Packages;

namespace Par.Api.Surfaces.Ui;

/// <summary>
/// The agent's static UI from ui.path: never a file outside it, never a dotfile, extensionless paths fall back
/// to index.html (single-page apps), with content types and ETags. "Outside" is judged on real paths: a folder link
/// inside the UI (ui/up -> /etc) leads nowhere; the manifest phase has already refused a ui.path that is itself a
/// link out of the package.
/// </summary>
internal sealed class UiFiles(string root)
{
    private const string Index = "index.html";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public string Root { get; } = Path.GetFullPath(root);

    private string RealRoot { get; } = RealPath.Of(root);

    public IResult Serve(string? relativePath)
    {
        var file = Resolve(relativePath ?? string.Empty);
        if (file is null)
        {
            return TypedResults.NotFound();
        }

        var info = new FileInfo(file);
        var contentType = ContentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream";
        var etag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
        return TypedResults.PhysicalFile(file, contentType, lastModified: info.LastWriteTimeUtc, entityTag: etag, enableRangeProcessing: true);
    }

    /// <summary>The file to serve, or null for 404.</summary>
    public string? Resolve(string relativePath)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (relativePath.StartsWith('/') || segments.Any(IsUnsafe))
        {
            return null;
        }

        var candidate = Path.GetFullPath(Path.Combine([Root, .. segments]));
        if (!IsInside(candidate))
        {
            return null;
        }

        if (Directory.Exists(candidate))
        {
            return ExistingFile(Path.Combine(candidate, Index));
        }

        if (ExistingFile(candidate) is { } found)
        {
            return found;
        }

        // Client-side routes (no extension) get the app shell; missing assets stay 404.
        return segments.Length == 0 || !Path.HasExtension(segments[^1]) ? ExistingFile(Path.Combine(Root, Index)) : null;
    }

    private static bool IsUnsafe(string segment) =>
        segment.StartsWith('.') || segment.IndexOfAny(['\\', '%', ':', '\0']) >= 0;

    private bool IsInside(string fullPath) =>
        fullPath == Root || fullPath.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// A regular file whose real path is inside the real root; a link to a file is not followed. The package does not
    /// change once served, so a file found is remembered and its real path is walked once, not per request; misses
    /// are not kept (any path may be asked for).
    /// </summary>
    private string? ExistingFile(string path)
    {
        if (_found.TryGetValue(path, out var known))
        {
            return known;
        }

        var resolved = ResolveFile(path);
        if (resolved is not null)
        {
            _found.TryAdd(path, resolved);
        }

        return resolved;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _found = new(StringComparer.Ordinal);

    private string? ResolveFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null || !IsInside(info.FullName))
        {
            return null;
        }

        try
        {
            var real = RealPath.Of(info.FullName);
            return RealPath.IsInside(real, RealRoot) ? real : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
