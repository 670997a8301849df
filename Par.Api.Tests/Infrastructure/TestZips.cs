using System.Buffers.Binary;
using System.IO.Compression;

namespace Par.Api.Tests.Infrastructure;

/// <summary>One entry of a crafted zip: the raw name as written, its bytes and, when set, the Unix mode bits.</summary>
internal sealed record ZipItem(string Name, byte[] Data, int? UnixMode = null, CompressionLevel Level = CompressionLevel.Optimal)
{
    public static ZipItem Text(string name, string content) => new(name, System.Text.Encoding.UTF8.GetBytes(content));
}

/// <summary>Builds .apkg files inside the tests, including ones no honest packer would write.</summary>
internal static class TestZips
{
    public const string MinimalManifest = "name: demo\nversion: 1.0.0\n";

    public static string Build(string path, IEnumerable<ZipItem> items)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var item in items)
        {
            var entry = archive.CreateEntry(item.Name, item.Level);
            if (item.UnixMode is { } mode)
            {
                entry.ExternalAttributes = mode << 16;
            }

            using var stream = entry.Open();
            stream.Write(item.Data);
        }

        return path;
    }

    public static string Build(string path, params ZipItem[] items) => Build(path, (IEnumerable<ZipItem>)items);

    /// <summary>Zips a package directory as pixell-kit does: the manifest at the root of the archive.</summary>
    public static string FromDirectory(string directory, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ZipFile.CreateFromDirectory(directory, path, CompressionLevel.Optimal, includeBaseDirectory: false);
        return path;
    }

    /// <summary>Bytes that deflate hardly shrinks, so size limits trip before the ratio guard does.</summary>
    public static byte[] Incompressible(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Rewrites an entry's uncompressed size in both its local and central headers, as a zip bomb would.</summary>
    public static void UnderstateSize(string package, string entryName, uint declared) =>
        PatchEntryField(package, entryName, localOffset: 22, centralOffset: 24, declared);

    /// <summary>Rewrites an entry's CRC-32 in both headers, so only the data itself can tell.</summary>
    public static void SetCrc(string package, string entryName, uint crc) =>
        PatchEntryField(package, entryName, localOffset: 14, centralOffset: 16, crc);

    /// <summary>Puts bytes in front of the zip, as a self-extracting archive's stub does (offsets left unadjusted).</summary>
    public static string PrependStub(string package, string stub)
    {
        File.WriteAllBytes(package, [.. System.Text.Encoding.ASCII.GetBytes(stub), .. File.ReadAllBytes(package)]);
        return package;
    }

    private static void PatchEntryField(string package, string entryName, int localOffset, int centralOffset, uint value)
    {
        var bytes = File.ReadAllBytes(package);
        var name = System.Text.Encoding.UTF8.GetBytes(entryName);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            var (fieldOffset, nameOffset) = signature switch
            {
                0x04034b50 => (localOffset, 30),
                0x02014b50 => (centralOffset, 46),
                _ => (-1, -1),
            };
            if (fieldOffset > 0 && i + nameOffset + name.Length <= bytes.Length && bytes.AsSpan(i + nameOffset, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + fieldOffset), value);
            }
        }

        File.WriteAllBytes(package, bytes);
    }
}
