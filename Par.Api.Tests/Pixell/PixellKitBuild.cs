using System.IO.Compression;
using System.Text;

namespace Par.Api.Tests.Pixell;

/// <summary>
/// The layout pixell-kit's builder (pixell/core/builder.py @ decb9f3) writes: agent.yaml copied verbatim, src/,
/// requirements.txt and the other optional top-level items, the A2A and REST entry files again under dist/a2a and
/// dist/rest, the UI only under dist/ui (ui.path itself is not in the zip), .pixell/package.json, deploy.json and a
/// generated setup.py. The real builder needs pydantic 2, which this machine lacks; this reproduces what it packs.
/// </summary>
internal static class PixellKitBuild
{
    private static readonly string[] TopLevel = ["src", "agent.yaml", ".env", "requirements.txt", "README.md", "LICENSE", "core", "app", "setup.py"];

    public static string Build(PixellProject project, string apkgPath)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, content) in project.Files.Where(f => TopLevel.Contains(f.Key.Split('/')[0])))
        {
            entries[path] = content;
        }

        foreach (var (reference, folder) in new[] { (project.A2aEntry, "dist/a2a"), (project.RestEntry, "dist/rest") })
        {
            if (reference is not null && project.Files.TryGetValue(PixellProject.ModuleFile(reference), out var code))
            {
                entries[$"{folder}/{Path.GetFileName(PixellProject.ModuleFile(reference))}"] = code;
            }
        }

        if (project.UiPath is { } ui)
        {
            foreach (var (path, content) in project.Files.Where(f => f.Key.StartsWith(ui + "/", StringComparison.Ordinal)))
            {
                entries["dist/ui/" + path[(ui.Length + 1)..]] = content;
            }
        }

        entries[".pixell/package.json"] = """{"format_version": "1.0", "created_by": "pixell-kit", "manifest": {"name": """ + $"\"{project.Name}\"" + "}}";
        entries["deploy.json"] = """{"expose": [], "ports": {}, "multiplex": true, "environment": {}}""";
        entries.TryAdd("setup.py", PixellSdkBuild.SetupPy(project, ["src"]));
        return Zip(apkgPath, entries, directoryEntries: false);
    }

    /// <summary>Writes the entries (and, as pixell-sdk does, an explicit entry for every folder).</summary>
    public static string Zip(string apkgPath, IReadOnlyDictionary<string, string> entries, bool directoryEntries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(apkgPath)!);
        using var archive = ZipFile.Open(apkgPath, ZipArchiveMode.Create);
        if (directoryEntries)
        {
            var folders = entries.Keys.SelectMany(Folders).Distinct().Order(StringComparer.Ordinal);
            foreach (var folder in folders)
            {
                archive.CreateEntry(folder + "/");
            }
        }

        foreach (var (path, content) in entries)
        {
            using var stream = archive.CreateEntry(path).Open();
            stream.Write(Encoding.UTF8.GetBytes(content));
        }

        return apkgPath;
    }

    private static IEnumerable<string> Folders(string path)
    {
        var parts = path.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            yield return string.Join('/', parts[..i]);
        }
    }
}
