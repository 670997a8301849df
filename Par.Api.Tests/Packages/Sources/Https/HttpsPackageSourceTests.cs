using Par.Api.Config;
using Par.Api.Packages.Download;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Par.Api.Tests.Packages.Sources.Https;

public sealed class HttpsPackageSourceTests
{
    [Fact]
    public async Task Https_ServerAnswers200_PackageDownloadedIntoWorkDirWithItsSha256()
    {
        using var server = HttpsPackageServer.Start();
        var package = HttpsPackageServer.RandomPackage();
        server.Serve("/agent.apkg", package);
        using var fetch = FetchHarness.Create(server.Environment("/agent.apkg"));

        var context = await fetch.RunAsync();

        Assert.Equal(Path.Combine(fetch.WorkDir, PackageDownloader.FileName), context.PackageFile);
        Assert.Equal(package, await File.ReadAllBytesAsync(context.PackageFile!));
        Assert.Equal(HttpsPackageServer.Sha256(package), context.PackageSha256);
        Assert.Equal([context.PackageFile!], fetch.WorkDirFiles);
        Assert.Equal(1, server.Requests("/agent.apkg"));
        Assert.Single(fetch.Logs.Named("package.download.completed"));
    }

    [Fact]
    public async Task Https_500Then500Then200_SucceedsOnTheThirdAttempt()
    {
        using var server = HttpsPackageServer.Start();
        var package = HttpsPackageServer.RandomPackage();
        var request = Request.Create().WithPath("/flaky.apkg").UsingGet();
        server.Server.Given(request).InScenario("flaky").WillSetStateTo("second").RespondWith(Response.Create().WithStatusCode(500));
        server.Server.Given(request).InScenario("flaky").WhenStateIs("second").WillSetStateTo("third").RespondWith(Response.Create().WithStatusCode(500));
        server.Server.Given(request).InScenario("flaky").WhenStateIs("third").RespondWith(Response.Create().WithStatusCode(200).WithBody(package));
        using var fetch = FetchHarness.Create(server.Environment("/flaky.apkg"));

        var context = await fetch.RunAsync();

        Assert.Equal(package, await File.ReadAllBytesAsync(context.PackageFile!));
        Assert.Equal(3, server.Requests("/flaky.apkg"));
        Assert.Equal(2, fetch.Logs.Named("package.download.retrying").Count);
    }

    [Fact]
    public async Task Https_ServerErrorOnEveryAttempt_FailsWith69AfterDownloadMaxAttempts()
    {
        using var server = HttpsPackageServer.Start();
        server.Fail("/down.apkg", 503);
        using var fetch = FetchHarness.Create(server.Environment("/down.apkg", (EnvNames.DownloadMaxAttempts, "4")));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("HTTP 503", failure.Message);
        Assert.Contains("4 attempts", failure.Message);
        Assert.Equal(4, server.Requests("/down.apkg"));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Https_ClientErrorStatus_FailsWith69AfterExactlyOneRequest(int status)
    {
        using var server = HttpsPackageServer.Start();
        server.Fail("/missing.apkg", status);
        using var fetch = FetchHarness.Create(server.Environment("/missing.apkg"));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains($"HTTP {status}", failure.Message);
        Assert.Contains(server.Url("/missing.apkg"), failure.Message);
        Assert.Equal(1, server.Requests("/missing.apkg"));
        Assert.Empty(fetch.Logs.Named("package.download.retrying"));
        Assert.Empty(fetch.WorkDirFiles);
    }

    [Fact]
    public async Task Https_ContentLengthAboveLimit_RefusedBeforeTheBodyIsRead()
    {
        // The server declares 2 MiB, sends one small chunk and then waits for ever: a client that read the body would hang.
        await using var server = await RawHttpsServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 2 * 1024 * 1024;
            await context.Response.Body.WriteAsync(new byte[16 * 1024], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var https = HttpsPackageServer.Start();
        var env = https.Environment("/unused", (EnvNames.PackageUrl, server.BaseUrl + "/big.apkg"), (EnvNames.DownloadTimeoutSec, "600"));
        using var fetch = FetchHarness.Create(env);

        var failure = await fetch.FailAsync();

        Assert.Equal(65, failure.ExitCode);
        Assert.Contains("declared length is 2097152 bytes", failure.Message);
        Assert.Contains("MAX_PACKAGE_SIZE_MB=1", failure.Message);
        Assert.Equal(1, server.Requests);
        Assert.Empty(fetch.WorkDirFiles);
    }

    [Fact]
    public async Task Https_ChunkedBodyPastTheLimit_AbortedWithNoFileLeftInWorkDir()
    {
        using var server = HttpsPackageServer.Start();
        // WireMock sends every body chunked, without Content-Length: only counting the streamed bytes can stop it.
        server.Serve("/endless.apkg", HttpsPackageServer.RandomPackage(3 * 1024 * 1024));
        using var fetch = FetchHarness.Create(server.Environment("/endless.apkg"));

        var failure = await fetch.FailAsync();

        Assert.Equal(65, failure.ExitCode);
        Assert.Contains("more than 1048576 bytes arrived", failure.Message);
        Assert.Equal(1, server.Requests("/endless.apkg"));
        Assert.True(Directory.Exists(fetch.WorkDir));
        Assert.Empty(fetch.WorkDirFiles);
    }

    [Fact]
    public async Task Https_ServerSlowerThanDownloadTimeout_GivesUpBeforeTheServerAnswers()
    {
        using var server = HttpsPackageServer.Start();
        server.Server.Given(Request.Create().WithPath("/slow.apkg").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody([1, 2, 3]).WithDelay(TimeSpan.FromSeconds(30)));
        using var fetch = FetchHarness.Create(server.Environment("/slow.apkg", (EnvNames.DownloadTimeoutSec, "1")));

        // The server would answer after 30 s; the fetch must be over long before that.
        var failure = await fetch.FailAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("gave up after DOWNLOAD_TIMEOUT_SEC=1 s", failure.Message);
        Assert.Empty(fetch.WorkDirFiles);
    }

    [Fact]
    public async Task Https_Sha256Mismatch_Exits65AfterOneRequestAndDeletesTheDownload()
    {
        using var server = HttpsPackageServer.Start();
        var package = HttpsPackageServer.RandomPackage();
        var other = HttpsPackageServer.Sha256([1, 2, 3]);
        server.Serve("/agent.apkg", package);
        using var fetch = FetchHarness.Create(server.Environment("/agent.apkg", (EnvNames.PackageSha256, other)));

        var failure = await fetch.FailAsync();

        Assert.Equal(65, failure.ExitCode);
        Assert.Contains($"expected {other}, got {HttpsPackageServer.Sha256(package)}", failure.Message);
        Assert.Equal(1, server.Requests("/agent.apkg"));
        Assert.Empty(fetch.WorkDirFiles);
    }

    [Fact]
    public async Task Https_UppercasePackageSha256_Matches()
    {
        using var server = HttpsPackageServer.Start();
        var package = HttpsPackageServer.RandomPackage();
        server.Serve("/agent.apkg", package);
        var upper = HttpsPackageServer.Sha256(package).ToUpperInvariant();
        using var fetch = FetchHarness.Create(server.Environment("/agent.apkg", (EnvNames.PackageSha256, upper)));

        var context = await fetch.RunAsync();

        Assert.Equal(upper.ToLowerInvariant(), context.PackageSha256);
    }

    [Fact]
    public async Task Https_NoCaBundle_UntrustedCertificateFailsWith69WithoutRetrying()
    {
        using var server = HttpsPackageServer.Start();
        server.Serve("/agent.apkg", HttpsPackageServer.RandomPackage());
        using var fetch = FetchHarness.Create(server.Environment("/agent.apkg", (EnvNames.PackageCaBundle, null)));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("the TLS certificate of localhost is not trusted", failure.Message);
        Assert.Contains("PACKAGE_CA_BUNDLE", failure.Message);
        Assert.Empty(fetch.Logs.Named("package.download.retrying"));
        Assert.Equal(0, server.AllRequests);
    }
}
