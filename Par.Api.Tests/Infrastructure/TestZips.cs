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
}
