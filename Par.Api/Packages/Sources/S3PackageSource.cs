using Amazon.S3;
using Amazon.S3.Model;
using Par.Api.Config;
using Par.Api.Packages.Download;

namespace Par.Api.Packages.Sources;

/// <summary>s3://bucket/key through GetObject, the only cloud call PAR makes.</summary>
internal sealed class S3PackageSource : IPackageSource, IDisposable
{
    /// <summary>Error codes S3 documents as worth retrying; other 4xx codes (NoSuchKey, AccessDenied...) are final.</summary>
    private static readonly HashSet<string> TransientCodes = ["SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout", "RequestTimeTooSkewed"];

    private readonly Lazy<Task<IAmazonS3>> _client;

    public S3PackageSource(S3ClientFactory factory, ParOptions options)
    {
        _client = new(() => Task.Run(() => factory.Create(options.Package)));
        if (options.Package.Location.Scheme == PackageScheme.S3)
        {
            // The SDK's client costs ~45 ms of a cold start: it is built while the host starts, not in the fetch phase.
            _ = _client.Value;
        }
    }

    public PackageScheme Scheme => PackageScheme.S3;

    public async Task<PackageStream> OpenAsync(PackageLocation location, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest { BucketName = location.Bucket, Key = location.Key };
        try
        {
            var client = await _client.Value;
            var response = await client.GetObjectAsync(request, cancellationToken);
            return new PackageStream(response.ResponseStream, response.ContentLength, response);
        }
        catch (AmazonS3Exception e)
        {
            throw Classify(e, location);
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private static PackageFetchException Classify(AmazonS3Exception error, PackageLocation location)
    {
        var status = (int)error.StatusCode;
        var code = string.IsNullOrEmpty(error.ErrorCode) ? $"HTTP {status}" : error.ErrorCode;
        var transient = TransientCodes.Contains(code) || status >= 500 || status == 429;
        var reason = $"S3 {code} (HTTP {status}) for bucket '{location.Bucket}', key '{location.Key}': {error.Message}";
        return new PackageFetchException(reason, transient, inner: error);
    }
}
