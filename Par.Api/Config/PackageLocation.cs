namespace Par.Api.Config;

internal enum PackageScheme { File, Https, S3 }

/// <summary>Where the package comes from: a local path, an https URL, or an S3 bucket and key.</summary>
internal sealed record PackageLocation
{
    public required PackageScheme Scheme { get; init; }

    /// <summary>The local path, the https URL, or s3://bucket/key.</summary>
    public required string Value { get; init; }

    public Uri? Url { get; init; }

    public string? Bucket { get; init; }

    public string? Key { get; init; }

    public static PackageLocation Local(string path) => new() { Scheme = PackageScheme.File, Value = path };

    /// <summary>A local path that is a directory: the package is used in place, with no file and no checksum.</summary>
    public bool IsLocalDirectory() => Scheme == PackageScheme.File && Directory.Exists(Value);

    /// <summary>Parses PACKAGE_URL; returns null with the reason when it is not acceptable.</summary>
    public static PackageLocation? ParseUrl(string raw, out string? error)
    {
        error = null;
        var text = raw.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            error = "must be an absolute https:// or s3:// URL";
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            error = "must not contain user-info (credentials in the URL)";
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return new() { Scheme = PackageScheme.Https, Value = uri.AbsoluteUri, Url = uri };
        }

        if (uri.Scheme == "s3")
        {
            var key = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (key.Length == 0)
            {
                error = "must name an object key: s3://bucket/key";
                return null;
            }

            var bucket = uri.Host;
            if (bucket.Length == 0)
            {
                error = "must name a bucket: s3://bucket/key";
                return null;
            }

            return new() { Scheme = PackageScheme.S3, Value = $"s3://{bucket}/{key}", Url = uri, Bucket = bucket, Key = key };
        }

        error = $"scheme '{uri.Scheme}' is not allowed: use https:// or s3://";
        return null;
    }
}
