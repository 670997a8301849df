using System.Net;
using System.Text.Json;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.A2a;

/// <summary>GET {BASE}/.well-known/agent-card.json on a real PAR: versions, caching, and the URL it advertises.</summary>
public sealed class A2aCardTests(SampleAgentFixture sample) : IClassFixture<SampleAgentFixture>
{
    private const string CardPath = SampleAgentFixture.Base + "/.well-known/agent-card.json";

    private HttpClient Rest => sample.Host.Rest;

    [Fact]
    public async Task CARD_CACHE_001_002_CardHasCacheControlETagAndVary()
    {
        using var response = await Get(CardPath, "1.0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        Assert.True(response.Headers.ETag is { IsWeak: true }, response.Headers.ETag?.ToString());
        Assert.Contains("A2A-Version", response.Headers.Vary);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CardETag_IfNoneMatchAnswers304()
    {
        using var first = await Get(CardPath, "1.0");
        using var request = new HttpRequestMessage(HttpMethod.Get, CardPath);
        request.Headers.Add("A2A-Version", "1.0");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var again = await Rest.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
    }

    [Fact]
    public async Task Card_WithoutVersionHeader_IsTheHybrid03CardWithAnotherETag()
    {
        using var v1 = await Get(CardPath, "1.0");
        using var v03 = await Get(CardPath, null);
        var card1 = await Json(v1);
        var card03 = await Json(v03);
        var url = $"http://127.0.0.1:{sample.Host.Options.Listeners.RestPort}{SampleAgentFixture.Base}/a2a/jsonrpc";

        Assert.False(card1.TryGetProperty("url", out _));
        Assert.False(card1.TryGetProperty("protocolVersion", out _));
        Assert.Equal(url, card03.GetProperty("url").GetString());
        Assert.Equal("JSONRPC", card03.GetProperty("preferredTransport").GetString());
        Assert.Equal("0.3", card03.GetProperty("protocolVersion").GetString());
        Assert.False(card03.GetProperty("supportsAuthenticatedExtendedCard").GetBoolean());
        Assert.Equal(["1.0", "0.3"], card03.GetProperty("supportedInterfaces").EnumerateArray().Select(i => i.GetProperty("protocolVersion").GetString()));
        Assert.NotEqual(v1.Headers.ETag, v03.Headers.ETag);
    }

    [Fact]
    public async Task Card_HeadHasNoBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, CardPath);
        using var response = await Rest.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Card_TrustedProxyHeaders_GiveThePublicUrl()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, CardPath);
        request.Headers.Add("A2A-Version", "1.0");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "agents.example.com");
        request.Headers.Add("X-Forwarded-Prefix", "/edge");

        using var response = await Rest.SendAsync(request); // from loopback: trusted by default
        var card = await Json(response);

        Assert.Equal($"https://agents.example.com/edge{SampleAgentFixture.Base}/a2a/jsonrpc",
            card.GetProperty("supportedInterfaces")[0].GetProperty("url").GetString());
    }

    private async Task<HttpResponseMessage> Get(string path, string? version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (version is not null)
        {
            request.Headers.Add("A2A-Version", version);
        }

        return await Rest.SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
