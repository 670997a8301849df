namespace Par.Api.Tests.Packages.Sources.Https;

public sealed class RedirectTests
{
    [Fact]
    public async Task Redirect_HttpsToHttps_Followed()
    {
        using var server = HttpsPackageServer.Start();
        var package = HttpsPackageServer.RandomPackage();
        server.Redirect("/old.apkg", server.Url("/new.apkg"), status: 301);
        server.Serve("/new.apkg", package);
        using var fetch = FetchHarness.Create(server.Environment("/old.apkg"));

        var context = await fetch.RunAsync();

        Assert.Equal(package, await File.ReadAllBytesAsync(context.PackageFile!));
        Assert.Single(fetch.Logs.Named("package.download.redirected"));
    }

    [Fact]
    public async Task Redirect_ToHttp_RefusedAfterOneRequest()
    {
        using var server = HttpsPackageServer.Start();
        server.Redirect("/agent.apkg", "http://127.0.0.1:9/agent.apkg");
        using var fetch = FetchHarness.Create(server.Environment("/agent.apkg"));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("redirect to http://127.0.0.1:9/agent.apkg refused", failure.Message);
        Assert.Equal(1, server.AllRequests);
        Assert.Empty(fetch.Logs.Named("package.download.retrying"));
    }

    [Fact]
    public async Task Redirect_FiveInARow_FollowedToThePackage()
    {
        using var server = HttpsPackageServer.Start();
        var package = HttpsPackageServer.RandomPackage();
        Chain(server, redirects: 5);
        server.Serve("/hop5", package);
        using var fetch = FetchHarness.Create(server.Environment("/hop0"));

        var context = await fetch.RunAsync();

        Assert.Equal(package, await File.ReadAllBytesAsync(context.PackageFile!));
        Assert.Equal(6, server.AllRequests);
    }

    [Fact]
    public async Task Redirect_Sixth_RefusedWithoutFollowingIt()
    {
        using var server = HttpsPackageServer.Start();
        Chain(server, redirects: 6);
        server.Serve("/hop6", HttpsPackageServer.RandomPackage());
        using var fetch = FetchHarness.Create(server.Environment("/hop0"));

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("more than 5 redirects", failure.Message);
        Assert.Equal(6, server.AllRequests);
        Assert.Equal(0, server.Requests("/hop6"));
    }

    private static void Chain(HttpsPackageServer server, int redirects)
    {
        for (var hop = 0; hop < redirects; hop++)
        {
            server.Redirect($"/hop{hop}", server.Url($"/hop{hop + 1}"), status: hop % 2 == 0 ? 302 : 307);
        }
    }
}
