namespace Par.Api.Agents.Manifest;

/// <summary>The manifest's references to files of the package: handler modules and the UI folder.</summary>
internal static class PackageFiles
{
    public static IEnumerable<(string Field, string Message)> Problems(ManifestInPackage package)
    {
        var manifest = package.Manifest;
        var handlers = new (string Field, string? Value, string Form)[]
        {
            ("entrypoint", manifest.Entrypoint, "module:function"),
            ("a2a.service", manifest.A2a?.Service, "module:function"),
            ("rest.entry", manifest.Rest?.Entry, "module:function"),
            ("rest.asgi", manifest.Rest?.Asgi, "module:attribute"),
            ("http_server", manifest.HttpServer, "module:attribute"),
        };
        foreach (var (field, value, form) in handlers)
        {
            if (!string.IsNullOrEmpty(value) && Handler(package.PackageDirectory, field, value, form, lastDotSplits: false) is { } problem)
            {
                yield return (field, problem);
            }
        }

        for (var i = 0; i < manifest.Exports.Count; i++)
        {
            foreach (var problem in Export(package.PackageDirectory, $"exports[{i}]", manifest.Exports[i]))
            {
                yield return problem;
            }
        }

        if (manifest.Ui?.Path is { Length: > 0 } uiPath && UiProblem(package.PackageDirectory, uiPath) is { } uiProblem)
        {
            yield return ("ui.path", uiProblem);
        }
    }

    private static IEnumerable<(string, string)> Export(string directory, string field, ExportEntry export)
    {
        if (string.IsNullOrEmpty(export.Name))
        {
            yield return ($"{field}.name", $"{field}.name is required");
        }

        if (string.IsNullOrEmpty(export.Handler))
        {
            yield return ($"{field}.handler", $"{field}.handler is required");
        }
        else if (Handler(directory, $"{field}.handler", export.Handler, "module.function", lastDotSplits: true) is { } problem)
        {
            yield return ($"{field}.handler", problem);
        }
    }

    private static string? Handler(string directory, string field, string value, string form, bool lastDotSplits) =>
        HandlerReference.Parse(value, lastDotSplits) switch
        {
            null => $"{field}: '{value}' must have the form {form}",
            var reference when !reference.ExistsIn(directory) =>
                $"{field}: module '{reference.Module}' ({reference.ModuleFile}) is not in the package",
            _ => null,
        };

    /// <summary>
    /// The folder the UI is served from, relative to the package: ui.path itself, else where pixell-kit's builder
    /// puts it (dist/&lt;ui.path&gt;, then dist/ui; the kit never copies ui.path itself). Null when none exists.
    /// </summary>
    public static string? UiFolder(string directory, string uiPath)
    {
        var segments = UiSegments(uiPath);
        string[][] candidates = [segments, ["dist", .. segments], ["dist", "ui"]];
        return candidates.Where(c => c.Length > 0 && Directory.Exists(Path.Combine([directory, .. c])))
            .Select(c => string.Join('/', c))
            .FirstOrDefault();
    }

    private static string[] UiSegments(string uiPath) => uiPath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string? UiProblem(string directory, string uiPath)
    {
        var segments = UiSegments(uiPath);
        if (Path.IsPathRooted(uiPath) || uiPath.StartsWith('/') || segments.Contains(".."))
        {
            return $"ui.path '{uiPath}' must be a folder inside the package";
        }

        if (UiFolder(directory, uiPath) is not { } folder)
        {
            return $"ui.path: folder '{uiPath}' is not in the package (nor under dist/, where pixell-kit's builder puts it)";
        }

        return File.Exists(Path.Combine(directory, folder, "index.html")) ? null : $"ui.path: folder '{folder}' has no index.html";
    }
}
