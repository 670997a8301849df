namespace Par.Api.Agents.Manifest;

/// <summary>The manifest of a package and every problem found in it; <see cref="Manifest"/> is null when agent.yaml could not be read.</summary>
internal sealed record ManifestResult(AgentManifest? Manifest, IReadOnlyList<string> Errors)
{
    public bool IsValid => Manifest is not null && Errors.Count == 0;

    /// <summary>One line for /health and the log.</summary>
    public string Summary => Manifest is null ? string.Join("; ", Errors) : $"{ManifestReader.FileName} is invalid: {string.Join("; ", Errors)}";
}

/// <summary>Reads and validates agent.yaml of an unpacked package: used by the manifest phase and by `inspect`.</summary>
internal static class ManifestLoader
{
    private static readonly ManifestValidator Validator = new();

    public static ManifestResult Load(string packageDirectory)
    {
        AgentManifest manifest;
        try
        {
            manifest = ManifestReader.ReadDirectory(packageDirectory);
        }
        catch (ManifestException e)
        {
            return new ManifestResult(null, e.Problems);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever a hostile agent.yaml makes a library throw is still a package problem (65), never a crash.
            return new ManifestResult(null, [$"{ManifestReader.FileName} cannot be read ({e.GetType().Name}): {e.Message}"]);
        }

        try
        {
            var result = Validator.Validate(new ManifestInPackage(manifest, packageDirectory));
            if (result.IsValid && manifest.Ui is { Path: { } uiPath } ui && PackageFiles.UiFolder(packageDirectory, uiPath) is { } folder && folder != uiPath)
            {
                // pixell-kit's layout: the UI sits under dist/; the surfaces serve the folder that is there.
                manifest = manifest with { Ui = ui with { Path = folder } };
            }

            return new ManifestResult(manifest, [.. result.Errors.Select(e => e.ErrorMessage)]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ManifestResult(manifest, [$"{ManifestReader.FileName} cannot be checked ({e.GetType().Name}): {e.Message}"]);
        }
    }
}
