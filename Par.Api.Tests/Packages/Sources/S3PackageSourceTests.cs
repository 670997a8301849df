using Par.Api.Config;
using Par.Api.Packages.Sources;
using Par.Api.Tests.Config;

namespace Par.Api.Tests.Packages.Sources;

public sealed class S3PackageSourceTests(MotoServer moto) : IClassFixture<MotoServer>
{
    [Fact]
    public async Task S3_ObjectExists_DownloadedIntoWorkDirWithItsSha256()
    {
        var package = HttpsPackageServer.RandomPackage();
        var key = $"agents/{Guid.NewGuid():N}/agent.apkg";
        await moto.PutAsync(key, package);
        var counter = new CountingHttpClientFactory();
        using var fetch = FetchHarness.Create(moto.Environment(key), s => s.AddSingleton(new S3ClientFactory(moto.Reader, counter)));

        var context = await fetch.RunAsync();

        Assert.Equal(package, await File.ReadAllBytesAsync(context.PackageFile!));
        Assert.Equal(HttpsPackageServer.Sha256(package), context.PackageSha256);
        Assert.Equal(1, counter.Requests);
    }

    [Fact]
    public async Task S3_NoSuchKey_FailsWith69AfterOneRequestNamingBucketAndKey()
    {
        var key = $"agents/{Guid.NewGuid():N}/missing.apkg";
        var counter = new CountingHttpClientFactory();
        using var fetch = FetchHarness.Create(moto.Environment(key), s => s.AddSingleton(new S3ClientFactory(moto.Reader, counter)));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("NoSuchKey", failure.Message);
        Assert.Contains($"bucket '{MotoServer.Bucket}', key '{key}'", failure.Message);
        Assert.Equal(1, counter.Requests);
        Assert.Empty(fetch.WorkDirFiles);
    }

    [Fact]
    public async Task S3_AccessDenied_FailsWith69AfterOneRequest()
    {
        var key = $"agents/{Guid.NewGuid():N}/agent.apkg";
        await moto.PutAsync(key, HttpsPackageServer.RandomPackage());
        var counter = new CountingHttpClientFactory();
        using var fetch = FetchHarness.Create(moto.Environment(key), s => s.AddSingleton(new S3ClientFactory(moto.Denied, counter)));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("AccessDenied", failure.Message);
        Assert.Contains($"key '{key}'", failure.Message);
        Assert.Equal(1, counter.Requests);
    }

    [Fact]
    public async Task S3_ObjectOverTheLimit_RefusedFromItsContentLength()
    {
        var key = $"agents/{Guid.NewGuid():N}/big.apkg";
        await moto.PutAsync(key, HttpsPackageServer.RandomPackage(2 * 1024 * 1024));
        using var fetch = FetchHarness.Create(moto.Environment(key), s => s.AddSingleton(new S3ClientFactory(moto.Reader)));

        var failure = await fetch.FailAsync();

        Assert.Equal(65, failure.ExitCode);
        Assert.Contains("declared length is 2097152 bytes", failure.Message);
        Assert.Empty(fetch.WorkDirFiles);
    }

    [Fact]
    public void S3_UrlNamingAnotherBucketThanS3Bucket_IsAConfigurationError()
    {
        var result = ConfigTestEnv.Load(
            (EnvNames.AgentPackagePath, null),
            (EnvNames.PackageUrl, "s3://other-bucket/agents/agent.apkg"),
            (EnvNames.S3Bucket, MotoServer.Bucket));

        var error = Assert.Single(ConfigTestEnv.ErrorsFor(result, EnvNames.PackageUrl));
        Assert.False(result.IsValid);
        Assert.Contains($"names bucket 'other-bucket' but S3_BUCKET is '{MotoServer.Bucket}'", error.Rule);
    }
}
