using System.IO.Compression;
using Par.Api.Config;

namespace Par.Api.Packages.Extraction;

/// <summary>One zip entry cleared for extraction: its normalised relative path and the permissions to give it.</summary>
internal sealed record PlannedEntry(ZipArchiveEntry Entry, string RelativePath, bool IsDirectory, UnixFileMode? Mode);

/// <summary>
/// The extraction rules of SPEC §4, applied to the whole central directory before a single byte is written, so a
/// refused package never leaves anything behind.
/// </summary>
internal static class EntryRules
{
    public const int MaxEntries = 10_000;
    public const double MaxRatio = 200;

    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int PermissionMask = 0x1FF;

    public static IReadOnlyList<PlannedEntry> Check(IReadOnlyCollection<ZipArchiveEntry> entries, long maxBytes)
    {
        var planned = new List<PlannedEntry>(Math.Min(entries.Count, MaxEntries));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var entry in entries)
        {
            var name = entry.FullName;
            if (planned.Count == MaxEntries)
            {
                throw new PackageException(name, $"is one too many: a package holds at most {MaxEntries:N0} entries (this one has {entries.Count:N0})");
            }

            var path = NormalisedPath(name);
            var mode = (entry.ExternalAttributes >> 16) & 0xFFFF;
            var isDirectory = name.EndsWith('/') || name.EndsWith('\\') || (mode & TypeMask) == DirectoryType;
            RefuseSpecialType(name, mode);
            if (!seen.Add(path))
            {
                throw new PackageException(name, $"duplicates an earlier entry ('{path}')");
            }

            if (isDirectory && entry.Length > 0)
            {
                throw new PackageException(name, "is a directory entry that carries data");
            }

            RefuseBomb(entry);
            total += entry.Length;
            if (total > maxBytes)
            {
                throw new PackageException(name, $"brings the unpacked size to {total:N0} bytes, over {EnvNames.MaxExtractedSizeMb} ({maxBytes:N0} bytes)");
            }

            planned.Add(new PlannedEntry(entry, path, isDirectory, FileMode(mode)));
        }

        return planned;
    }

    /// <summary>
    /// The entry's path with '\' read as '/' and '.' or empty segments dropped. Rooted paths, drive letters and '..'
    /// are refused rather than "fixed": a package that tries them is not one to trust with the rest.
    /// </summary>
    private static string NormalisedPath(string name)
    {
        if (name.Length == 0)
        {
            throw new PackageException(name, "has an empty name");
        }

        if (name.Contains('\0'))
        {
            throw new PackageException(name, "has a NUL character in its name");
        }

        var slashed = name.Replace('\\', '/');
        if (slashed.StartsWith('/'))
        {
            throw new PackageException(name, "is an absolute path");
        }

        if (slashed.Length >= 2 && slashed[1] == ':' && char.IsAsciiLetter(slashed[0]))
        {
            throw new PackageException(name, "starts with a drive letter");
        }

        var segments = slashed.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
        {
            throw new PackageException(name, "has a '..' segment");
        }

        return segments.Length == 0 ? throw new PackageException(name, "has an empty name") : string.Join('/', segments);
    }

    /// <summary>Only regular files and directories (or entries without Unix mode bits, as Windows tools write them).</summary>
    private static void RefuseSpecialType(string name, int mode)
    {
        var kind = (mode & TypeMask) switch
        {
            0 or RegularFile or DirectoryType => null,
            0xA000 => "a symbolic link",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x1000 => "a FIFO",
            0xC000 => "a socket",
            var other => $"of unknown file type 0x{other:X4}",
        };
        if (kind is not null)
        {
            throw new PackageException(name, $"is {kind}; only regular files and directories are allowed");
        }
    }

    private static void RefuseBomb(ZipArchiveEntry entry)
    {
        if (entry.CompressedLength == 0 ? entry.Length > 0 : (double)entry.Length / entry.CompressedLength > MaxRatio)
        {
            var ratio = entry.CompressedLength == 0 ? "an unbounded" : $"a {(double)entry.Length / entry.CompressedLength:0}:1";
            throw new PackageException(entry.FullName, $"has {ratio} compression ratio ({entry.Length:N0} bytes from {entry.CompressedLength:N0}); the limit is {MaxRatio:0}:1");
        }
    }

    /// <summary>The entry's permission bits (no setuid/setgid/sticky), always readable and writable by PAR itself.</summary>
    private static UnixFileMode? FileMode(int mode) =>
        mode == 0
            ? null
            : (UnixFileMode)(mode & PermissionMask) | UnixFileMode.UserRead | UnixFileMode.UserWrite;
}
