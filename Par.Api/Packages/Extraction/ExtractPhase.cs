using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;

namespace Par.Api.Packages.Extraction;

/// <summary>The extract phase: unpacks the .apkg into PAR_WORK_DIR/package. A directory package is used in place.</summary>
internal sealed class ExtractPhase(ParOptions options, ILogger<ExtractPhase> logger) : IBootPhase
{
    public const string PackageFolder = "package";

    public string Name => "extract";

    public int Order => 300;

    public BootCheck Check => PackageChecks.Package;

    public Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        if (context.PackageFile is not { } file)
        {
            return Task.CompletedTask;
        }

        var target = Path.Combine(options.Lifecycle.WorkDir, PackageFolder);
        try
        {
            var result = ApkgExtractor.Extract(file, target, options.Package.MaxExtractedBytes, cancellationToken);
            context.PackageDirectory = result.Directory;
            ExtractionLog.Extracted(logger, result.Entries, result.UnpackedBytes, result.Directory);
        }
        catch (PackageException e)
        {
            throw new BootFailureException(ExitCodes.PackageInvalid, PackageChecks.Package, e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new BootFailureException(ExitCodes.PackageInvalid, PackageChecks.Package, $"package {Path.GetFileName(file)} cannot be unpacked: {e.Message}", e);
        }

        return Task.CompletedTask;
    }
}
