using Par.Api.Config;
using Par.Api.Packages.Download;

namespace Par.Api.Packages.Sources;

/// <summary>AGENT_PACKAGE_PATH as a file: read where it lies (hashed and size-checked in place, never copied).</summary>
internal sealed class LocalPackageSource : IPackageSource
{
    public PackageScheme Scheme => PackageScheme.File;

    public Task<PackageStream> OpenAsync(PackageLocation location, CancellationToken cancellationToken)
    {
        try
        {
            var file = new FileStream(location.Value, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                BufferSize = 0,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
            return Task.FromResult(new PackageStream(file, file.Length));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw PackageFetchException.Permanent($"{EnvNames.AgentPackagePath} {location.Value} does not exist");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw PackageFetchException.Permanent($"{EnvNames.AgentPackagePath} {location.Value} cannot be read: {e.Message}", inner: e);
        }
    }
}
