using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Packages.Download;

namespace Par.Api.Packages;

/// <summary>
/// The fetch phase: makes the package available locally. A package directory is used in place; a package file is
/// hashed in place; a URL is downloaded into PAR_WORK_DIR (and deleted at shutdown).
/// </summary>
internal sealed class FetchPhase(ParOptions options, PackageDownloader downloader, ILogger<FetchPhase> logger) : IBootPhase
{
    public string Name => "fetch";

    public int Order => 100;

    public BootCheck Check => PackageChecks.Package;

    public async Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        var location = options.Package.Location;
        if (location.IsLocalDirectory())
        {
            UseDirectory(context, location.Value);
            return;
        }

        var fetched = await downloader.FetchAsync(cancellationToken);
        context.PackageFile = fetched.Path;
        context.PackageSha256 = fetched.Sha256;
    }

    private void UseDirectory(BootContext context, string directory)
    {
        if (options.Package.Sha256 is not null)
        {
            throw new BootFailureException(ExitCodes.PackageInvalid, PackageChecks.Package,
                $"{EnvNames.PackageSha256} is set but {EnvNames.AgentPackagePath} {directory} is a directory: a checksum needs an .apkg file");
        }

        PackageLog.LocalDirectory(logger, directory);
        context.PackageDirectory = directory;
    }
}
