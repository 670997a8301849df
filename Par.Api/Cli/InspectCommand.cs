using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Par.Api.Agents.Manifest;
using Par.Api.Config;
using Par.Api.Lifecycle.Exit;
using Par.Api.Packages.Extraction;

namespace Par.Api.Cli;

/// <summary>
/// `inspect PATH`: applies the zip rules and the manifest rules to an .apkg or a package directory and prints a JSON
/// summary; exit 0 or 65. Needs no environment: the limits are the schema's defaults and the unpacking happens in a
/// temporary folder that is removed afterwards.
/// </summary>
internal static class InspectCommand
{
    public static int Run(string path, TextWriter stdout)
    {
        var report = Inspect(Path.GetFullPath(path));
        stdout.WriteLine(JsonSerializer.Serialize(report, CliReportJson.Default.InspectReport));
        return report.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.PackageInvalid;
    }

    private static InspectReport Inspect(string path)
    {
        if (Directory.Exists(path))
        {
            var files = new DirectoryInfo(path).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).ToList();
            var report = new InspectReport { Path = path, Entries = files.Count, UnpackedBytes = files.OfType<FileInfo>().Sum(f => f.Length) };
            return WithManifest(report, path);
        }

        if (!File.Exists(path))
        {
            return new InspectReport { Path = path, Errors = ["no such file or directory"] };
        }

        var work = Path.Combine(Path.GetTempPath(), $"par-inspect-{Guid.NewGuid():N}");
        var summary = new InspectReport { Path = path, Sha256 = Sha256Of(path) };
        try
        {
            var extracted = ApkgExtractor.Extract(path, Path.Combine(work, ExtractPhase.PackageFolder), DefaultMaxExtractedBytes(), CancellationToken.None);
            return WithManifest(summary with { Entries = extracted.Entries, UnpackedBytes = extracted.UnpackedBytes }, extracted.Directory);
        }
        catch (PackageException e)
        {
            return summary with { Errors = [e.Message] };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // Whatever else unpacking a hostile file throws is still "package invalid" (65), never a crash.
            return summary with { Errors = [$"package {Path.GetFileName(path)} cannot be unpacked ({e.GetType().Name}): {e.Message}"] };
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static InspectReport WithManifest(InspectReport report, string packageDirectory)
    {
        var result = ManifestLoader.Load(packageDirectory);
        var withManifest = result.Manifest is { } manifest ? report.WithManifest(manifest) : report;
        return withManifest with { Errors = result.Errors };
    }

    private static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>MAX_EXTRACTED_SIZE_MB's default from the schema: inspect answers what a default runtime would accept.</summary>
    private static long DefaultMaxExtractedBytes() =>
        long.Parse(EnvSchema.Instance[EnvNames.MaxExtractedSizeMb].Default!, CultureInfo.InvariantCulture) * 1024 * 1024;
}
