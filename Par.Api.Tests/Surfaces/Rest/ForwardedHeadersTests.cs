using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.Rest;

/// <summary>X-Forwarded-* from a peer outside FORWARDED_TRUSTED_PROXIES are replaced by what PAR itself saw.</summary>
public sealed class ForwardedHeadersTests
{
    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("none")]
    public async Task UntrustedPeer_ClaimsReplacedByParsOwnView(string trusted)
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.ForwardedTrustedProxies] = trusted,
        });
        Assert.True((await host.WaitForBootAsync()).IsReady);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/request");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        using var response = await host.Rest.SendAsync(request);
        var seen = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("http", seen.GetProperty("scheme").GetString());
        Assert.Equal("127.0.0.1", seen.GetProperty("server")[0].GetString());
        Assert.Equal(host.Options.Listeners.RestPort, seen.GetProperty("server")[1].GetInt32());
        Assert.Equal("127.0.0.1", seen.GetProperty("client")[0].GetString());
        Assert.Equal(["http"], Header(seen, "x-forwarded-proto"));
        Assert.Equal(["127.0.0.1"], Header(seen, "x-forwarded-for"));
    }

    [Fact]
    public async Task TrustedPeer_ForgedChain_ClientIsTheFirstUntrustedAddressFromTheRight()
    {
        // The default FORWARDED_TRUSTED_PROXIES (loopback and private ranges) trusts this test's own connection.
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = TestPackages.SampleAgent });
        Assert.True((await host.WaitForBootAsync()).IsReady);

        var forged = await SeenAsync(host, "1.2.3.4, 203.0.113.7");
        var behindProxies = await SeenAsync(host, "1.2.3.4, 203.0.113.7, 10.0.0.5");
        var allTrusted = await SeenAsync(host, "192.168.1.9, 10.0.0.5");
        var notAnAddress = await SeenAsync(host, "1.2.3.4, bogus, 10.0.0.5");

        Assert.Equal("203.0.113.7", forged.GetProperty("client")[0].GetString());
        Assert.Equal(["203.0.113.7, 127.0.0.1"], Header(forged, "x-forwarded-for"));
        Assert.Equal("203.0.113.7", behindProxies.GetProperty("client")[0].GetString());
        Assert.Equal(["203.0.113.7, 10.0.0.5, 127.0.0.1"], Header(behindProxies, "x-forwarded-for"));
        Assert.Equal("192.168.1.9", allTrusted.GetProperty("client")[0].GetString());
        Assert.Equal("10.0.0.5", notAnAddress.GetProperty("client")[0].GetString());
    }

    [Theory]
    [InlineData(null, 6)]
    [InlineData("", 6)]
    [InlineData("  ", 6)]
    [InlineData("none", 0)]
    [InlineData(" NONE ", 0)]
    [InlineData("10.1.2.3", 1)]
    public void TrustedProxies_BlankIsTheDefault_NoneTrustsNothing(string? value, int networks)
    {
        var config = ParEnvironment.For().Package("/tmp/pkg").With(EnvNames.ForwardedTrustedProxies, value).Load();

        Assert.True(config.IsValid, string.Join("; ", config.Errors));
        Assert.Equal(networks, config.Options!.Listeners.TrustedProxies.Count);
    }

    private static async Task<JsonElement> SeenAsync(ParTestHost host, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/request");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        using var response = await host.Rest.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [InlineData("10.0.0.0/8,not-a-network", "not-a-network")]
    [InlineData("10.0.0.1/8", "10.0.0.1/8")]
    public void BadTrustedProxies_ConfigErrorNamingTheEntry(string value, string entry)
    {
        var config = ConfigLoader.Load(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "a",
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.ForwardedTrustedProxies] = value,
        });

        Assert.False(config.IsValid);
        Assert.Contains(config.Errors, e => e.ToString()!.Contains(EnvNames.ForwardedTrustedProxies, StringComparison.Ordinal) && e.ToString()!.Contains(entry, StringComparison.Ordinal));
    }

    private static string[] Header(JsonElement seen, string name) =>
        [.. seen.GetProperty("headers").EnumerateArray().Where(h => h[0].GetString() == name).Select(h => h[1].GetString()!)];
}
