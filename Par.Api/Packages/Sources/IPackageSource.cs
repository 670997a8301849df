using Par.Api.Config;

namespace Par.Api.Packages.Sources;

/// <summary>
/// Opens a package's bytes at one location: one call is one attempt. Limits, hashing, retries and the file on disk
/// belong to the caller, so every source gets the same guard.
/// </summary>
internal interface IPackageSource
{
    PackageScheme Scheme { get; }

    Task<PackageStream> OpenAsync(PackageLocation location, CancellationToken cancellationToken);
}

/// <summary>An opened package body, its declared length when the source states one, and what must be disposed with it.</summary>
internal sealed record PackageStream(Stream Content, long? Length, IDisposable? Owner = null) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        Owner?.Dispose();
    }
}
