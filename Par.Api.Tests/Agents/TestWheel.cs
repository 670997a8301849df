using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Par.Api.Tests.Agents;

/// <summary>Builds a real, pure-Python wheel (a zip with the module, METADATA, WHEEL and RECORD) that pip installs offline.</summary>
internal static class TestWheel
{
    /// <summary>Writes NAME-VERSION-py3-none-any.whl into <paramref name="directory"/> and returns its path.</summary>
    public static string Build(string directory, string distribution, string version, string module, string source)
    {
        // The wheel file name escapes runs of '-', '_' and '.' as '_' (the binary distribution format spec).
        var escaped = System.Text.RegularExpressions.Regex.Replace(distribution, "[-_.]+", "_");
        var distInfo = $"{escaped}-{version}.dist-info";
        var files = new List<(string Name, byte[] Content)>
        {
            ($"{module}/__init__.py", Encoding.UTF8.GetBytes(source)),
            ($"{distInfo}/METADATA", Encoding.UTF8.GetBytes($"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\nSummary: built by PAR's tests\n")),
            ($"{distInfo}/WHEEL", Encoding.UTF8.GetBytes("Wheel-Version: 1.0\nGenerator: par-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n")),
        };
        var record = new StringBuilder();
        foreach (var (name, content) in files)
        {
            var hash = Convert.ToBase64String(SHA256.HashData(content)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append(System.Globalization.CultureInfo.InvariantCulture, $"{name},sha256={hash},{content.Length}\n");
        }

        record.Append(System.Globalization.CultureInfo.InvariantCulture, $"{distInfo}/RECORD,,\n");
        files.Add(($"{distInfo}/RECORD", Encoding.UTF8.GetBytes(record.ToString())));

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{escaped}-{version}-py3-none-any.whl");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in files)
        {
            using var entry = zip.CreateEntry(name).Open();
            entry.Write(content);
        }

        return path;
    }
}
