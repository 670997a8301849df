using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Par.Api.Tests.Packages.Sources.Https;

/// <summary>A pre-signed URL's query string is a credential: no log entry and no failure message may carry it.</summary>
public sealed class PresignedUrlTests
{
    private const string Query = "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLEKEY%2F20250101&X-Amz-Signature=secret";

    [Fact]
    public async Task PresignedUrl_RedirectRetryAndSuccess_NoLogLineCarriesTheQuery()
    {
        using var server = HttpsPackageServer.Start();
        server.Redirect("/signed.apkg", server.Url("/final.apkg" + Query + "2"));
        var final = Request.Create().WithPath("/final.apkg").UsingGet();
        server.Server.Given(final).InScenario("s").WillSetStateTo("ok").RespondWith(Response.Create().WithStatusCode(503));
        server.Server.Given(final).InScenario("s").WhenStateIs("ok").RespondWith(Response.Create().WithBody(HttpsPackageServer.RandomPackage()));
        using var fetch = FetchHarness.Create(server.Environment("/signed.apkg" + Query));

        await fetch.RunAsync();

        Assert.NotEmpty(fetch.Logs.Named("package.download.started"));
        Assert.NotEmpty(fetch.Logs.Named("package.download.redirected"));
        Assert.NotEmpty(fetch.Logs.Named("package.download.retrying"));
        Assert.NotEmpty(fetch.Logs.Named("package.download.completed"));
        Assert.Contains(fetch.Logs.Entries, e => e.AllText.Contains("/signed.apkg?[REDACTED]", StringComparison.Ordinal));
        AssertNoSecret(fetch.Logs.Entries.Select(e => e.AllText));
    }

    [Fact]
    public async Task PresignedUrl_Failure_NeitherLogNorMessageCarriesTheQuery()
    {
        using var server = HttpsPackageServer.Start();
        server.Fail("/signed.apkg", 403);
        using var fetch = FetchHarness.Create(server.Environment("/signed.apkg" + Query));

        var failure = await fetch.FailAsync();

        Assert.Contains("/signed.apkg?[REDACTED]", failure.Message);
        Assert.NotEmpty(fetch.Logs.Named("package.download.failed"));
        AssertNoSecret([failure.Message, .. fetch.Logs.Entries.Select(e => e.AllText)]);
    }

    private static void AssertNoSecret(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("X-Amz", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AKIAEXAMPLEKEY", text, StringComparison.Ordinal);
        }
    }
}
