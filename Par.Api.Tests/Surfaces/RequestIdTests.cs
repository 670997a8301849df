using System.Text.Json;
using Par.Api.Config;
using Par.Api.Surfaces;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces;

/// <summary>Request ids in the log line of the request, and Invoke's request_id for an A2A message.</summary>
public sealed class RequestIdTests
{
    [Fact]
    public async Task RestRequest_IdGeneratedEchoedAndLoggedWithTheRequest()
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.LogLevel] = "Information",
        });
        Assert.True((await host.WaitForBootAsync()).IsReady);

        using var response = await host.Rest.GetAsync("/request?secret=1");
        var seen = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = Assert.Single(response.Headers.GetValues("X-Request-ID"));
        using var probe = await host.Rest.GetAsync("/health");

        var line = Assert.Single(host.Logs.Named("http.request.completed"), e => Equals(e.Fields["RequestId"], id));
        Assert.Equal("/request", line.Fields["Path"]);
        Assert.Equal(200, line.Fields["Status"]);
        Assert.Equal("GET", line.Fields["Method"]);
        Assert.Contains(seen.GetProperty("headers").EnumerateArray(), h => h[0].GetString() == "x-request-id" && h[1].GetString() == id);
        Assert.DoesNotContain(host.Logs.Named("http.request.completed"), e => Equals(e.Fields["Path"], "/health"));
    }

    [Fact]
    public void NewId_32LowercaseHexDigits_NeverRepeated()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => RequestIds.NewId()).ToArray();

        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task AccessLogOff_NoRequestLinesButTheIdStillEchoed()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir),
            [EnvNames.LogLevel] = "Debug",
            [EnvNames.AccessLog] = "off",
        });

        using var response = await host.Rest.GetAsync("/live");
        using var probe = await host.Rest.GetAsync("/health");

        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("X-Request-ID")));
        Assert.Empty(host.Logs.Named("http.request.completed"));
        Assert.Empty(host.Logs.Named("http.probe.completed"));
    }

    [Theory]
    [InlineData("bad id with spaces")]
    [InlineData("")]
    public async Task RestRequest_UnusableId_Replaced(string given)
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir) });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/live");
        request.Headers.TryAddWithoutValidation("X-Request-ID", given);

        using var response = await host.Rest.SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("X-Request-ID")));
    }
}
