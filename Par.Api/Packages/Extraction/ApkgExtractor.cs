using System.IO.Compression;
using System.IO.Hashing;
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
        var plan = ReadDirectory(archive, packageFile, maxBytes);

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
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw NotAZip(packageFile, e);
        }
    }

    /// <summary>The central directory is read lazily, on the first look at the entries: its errors are the archive's too.</summary>
    private static IReadOnlyList<PlannedEntry> ReadDirectory(ZipArchive archive, string packageFile, long maxBytes)
    {
        try
        {
            return EntryRules.Check(archive.Entries, maxBytes);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            throw NotAZip(packageFile, e);
        }
    }

    private static PackageException NotAZip(string packageFile, Exception e) =>
        new(null, $"{Path.GetFileName(packageFile)} is not a valid zip archive: {e.Message}"
            + (e.Message.Contains("End Of Central Directory", StringComparison.Ordinal)
                ? " (bytes before the zip, as in a self-extracting archive, are not supported: the package must be a plain zip)"
                : string.Empty), e);

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
            catch (Exception e) when (e is InvalidDataException or NotSupportedException)
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

    /// <summary>
    /// Copies one entry, counting the bytes really inflated and computing their CRC-32: a header that overstates or
    /// understates the size, or data that does not match its checksum, is refused (the file is then removed with the
    /// staging folder).
    /// </summary>
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
        var crc = new Crc32();
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

            crc.Append(buffer.AsSpan(0, read));
            output.Write(buffer, 0, read);
        }

        if (written != entry.Length)
        {
            throw new PackageException(entry.FullName, $"holds {written:N0} bytes but its header declares {entry.Length:N0}");
        }

        var actual = crc.GetCurrentHashAsUInt32();
        if (actual != entry.Crc32)
        {
            // A deflated entry whose header understates its size is cut at that size by the zip reader; the CRC of
            // the cut data is what gives it away.
            throw new PackageException(entry.FullName, $"has CRC-32 {actual:x8} but its header declares {entry.Crc32:x8}: the data is corrupt or was altered");
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
