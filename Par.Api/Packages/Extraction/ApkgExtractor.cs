using System.IO.Compression;
using Par.Api.Config;

namespace Par.Api.Packages.Extraction;

/// <summary>The unpacked package: where it is, how many entries it had and how many bytes were written.</summary>
internal sealed record ExtractionResult(string Directory, int Entries, long UnpackedBytes);

/// <summary>
/// Unpacks an APKG under the rules of SPEC §4: every entry is checked first, then the files are written into a fresh
/// sibling folder that is moved into place only when all of it is there. Any failure removes the half-unpacked folder.
/// </summary>
internal static class ApkgExtractor
{
    private const int BufferSize = 81920;

    public static ExtractionResult Extract(string packageFile, string targetDirectory, long maxBytes, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(targetDirectory);
        var parent = Path.GetDirectoryName(target)!;
        using var archive = Open(packageFile);
        var plan = EntryRules.Check(archive.Entries, maxBytes);

        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".extract-{Guid.NewGuid():N}");
        try
        {
            var written = Unpack(plan, staging, maxBytes, cancellationToken);
            if (Directory.Exists(target))
            {
                // Left by an earlier start of this container; PAR owns the folder.
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
            return new ExtractionResult(target, plan.Count, written);
        }
        catch
        {
            DeleteQuietly(staging);
            throw;
        }
    }

    private static ZipArchive Open(string packageFile)
    {
        try
        {
            return ZipFile.OpenRead(packageFile);
        }
        catch (InvalidDataException e)
        {
            throw new PackageException(null, $"is not a valid zip archive: {e.Message}", e);
        }
    }

    private static long Unpack(IReadOnlyList<PlannedEntry> plan, string staging, long maxBytes, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(staging) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(root);
        var buffer = new byte[BufferSize];
        long total = 0;
        foreach (var item in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var destination = Path.GetFullPath(Path.Combine(root, item.RelativePath));
            if (!destination.StartsWith(root, StringComparison.Ordinal))
            {
                throw new PackageException(item.Entry.FullName, "resolves outside the package folder");
            }

            try
            {
                if (item.IsDirectory)
                {
                    Directory.CreateDirectory(destination);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                total += Copy(item, destination, maxBytes - total, buffer, cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw new PackageException(item.Entry.FullName, $"is corrupt: {e.Message}", e);
            }
            catch (IOException e)
            {
                throw new PackageException(item.Entry.FullName, $"cannot be written: {e.Message}", e);
            }
        }

        return total;
    }

    /// <summary>Copies one entry, counting the bytes really inflated: a header that understates the size is caught here.</summary>
    private static long Copy(PlannedEntry item, string destination, long remaining, byte[] buffer, CancellationToken cancellationToken)
    {
        var entry = item.Entry;
        using var source = entry.Open();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = item.Mode;
        }

        using var output = new FileStream(destination, options);
        long written = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            written += read;
            if (written > entry.Length)
            {
                throw new PackageException(entry.FullName, $"inflates to more than the {entry.Length:N0} bytes its header declares");
            }

            if (written > remaining)
            {
                throw new PackageException(entry.FullName, $"brings the unpacked size over {EnvNames.MaxExtractedSizeMb}");
            }

            output.Write(buffer, 0, read);
        }

        return written;
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: the work directory is emptied at shutdown anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
