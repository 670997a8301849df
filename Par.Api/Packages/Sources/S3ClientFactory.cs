using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Par.Api.Config;

namespace Par.Api.Packages.Sources;

/// <summary>
/// Builds the S3 client from the options: AWS_REGION explicitly, AWS_ENDPOINT_URL_S3 with path-style addressing, no
/// SDK retries (the download pipeline retries). Credentials come from the SDK's default chain unless given (tests).
/// </summary>
internal sealed class S3ClientFactory(AWSCredentials? credentials = null, HttpClientFactory? httpClientFactory = null)
{
    public IAmazonS3 Create(PackageOptions options)
    {
        var config = new AmazonS3Config
        {
            MaxErrorRetry = 0,
            Timeout = options.DownloadTimeout,
        };
        if (options.AwsRegion is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (options.S3Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.AbsoluteUri;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = options.AwsRegion;
        }

        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }

        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }
}
