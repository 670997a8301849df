using System.Net;
using System.Text;
using System.Text.Json;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.LoadBalancer;

/// <summary>The REST listener behind a real nginx, once per way a load balancer addresses it (see the fixture's routes).</summary>
public sealed class RestThroughProxyTests(ProxiedSampleAgentFixture fixture) : IClassFixture<ProxiedSampleAgentFixture>
{
    private const string Base = SampleAgentFixture.Base;

    public static TheoryData<string> RestRoutes() =>
        [.. ProxiedSampleAgentFixture.Routes.Where(r => r.Kind == ProxyKind.Rest).Select(r => r.Name)];

    private HttpClient Client(string route) => new() { BaseAddress = new Uri(fixture.Proxy.Address(route)) };

    [Theory]
    [MemberData(nameof(RestRoutes))]
    public async Task HealthAndReady_ThroughProxy_200(string route)
    {
        using var http = Client(route);
        foreach (var path in new[] { "/health", Base + "/health", "/ready", Base + "/ready", "/live" })
        {
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {fixture.Proxy.ErrorLog}");
        }
    }

    [Theory]
    [MemberData(nameof(RestRoutes))]
    public async Task Meta_ThroughProxy_DescribesThePackage(string route)
    {
        using var http = Client(route);

        var meta = await http.GetFromJsonAsync<JsonElement>(Base + "/meta");

        Assert.Equal("sample-agent", meta.GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(RestRoutes))]
    public async Task AgentRoutes_ThroughProxy_GetPostAndStream(string route)
    {
        using var http = Client(route);

        var hello = await http.GetFromJsonAsync<JsonElement>(Base + "/hello");
        using var echo = await http.PostAsync(Base + "/echo", new StringContent("""{"n":7}""", Encoding.UTF8, "application/json"));
        var streamed = await http.GetStringAsync(Base + "/stream?count=3&delay_ms=10");

        Assert.Equal(Base, hello.GetProperty("root_path").GetString());
        Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
        Assert.Equal(7, (await echo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("n").GetInt32());
        Assert.Equal("chunk 0\nchunk 1\nchunk 2\n", streamed);
    }

    [Theory]
    [MemberData(nameof(RestRoutes))]
    public async Task Ui_ThroughProxy_PageAssetsAndConfig(string route)
    {
        using var http = Client(route);

        var page = await http.GetStringAsync(Base + "/ui/");
        using var asset = await http.GetAsync(Base + "/ui/app.js");
        var config = await http.GetFromJsonAsync<JsonElement>(Base + "/ui-config.json");

        Assert.Contains("<title>Sample Agent</title>", page);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal(Base + "/api", config.GetProperty("apiBase").GetString());
    }

    [Theory]
    [MemberData(nameof(RestRoutes))]
    public async Task Swagger_ThroughProxy_PageAndBothDocuments(string route)
    {
        using var http = Client(route);

        var page = await http.GetStringAsync(Base + "/swagger/index.html");
        var runtime = await http.GetFromJsonAsync<JsonElement>(Base + "/swagger/runtime/swagger.json");
        var agent = await http.GetFromJsonAsync<JsonElement>(Base + "/swagger/agent/openapi.json");

        Assert.Contains("swagger-ui", page);
        Assert.True(runtime.GetProperty("paths").TryGetProperty(Base + "/meta", out _));
        Assert.True(agent.GetProperty("paths").TryGetProperty("/hello", out _));
    }

    [Fact]
    public async Task Alb_AgentSeesClientSchemeAndHost_EachForwardedHeaderOnce()
    {
        using var http = Client("alb");

        var seen = await http.GetFromJsonAsync<JsonElement>(Base + "/request");

        Assert.Equal("https", seen.GetProperty("scheme").GetString());
        Assert.Equal(ProxiedSampleAgentFixture.PublicHost, seen.GetProperty("server")[0].GetString());
        Assert.Equal(443, seen.GetProperty("server")[1].GetInt32());
        Assert.Equal("127.0.0.1", seen.GetProperty("client")[0].GetString());
        Assert.Equal(["https"], Header(seen, "x-forwarded-proto"));
        Assert.Equal([ProxiedSampleAgentFixture.PublicHost], Header(seen, "host"));
        Assert.Equal(["127.0.0.1, 127.0.0.1"], Header(seen, "x-forwarded-for"));
    }

    [Fact]
    public async Task KubernetesService_AgentSeesServiceHostAndHttp()
    {
        using var http = Client("k8s-service");

        var seen = await http.GetFromJsonAsync<JsonElement>(Base + "/request");

        Assert.Equal("http", seen.GetProperty("scheme").GetString());
        Assert.Equal("svc", seen.GetProperty("server")[0].GetString());
        Assert.Equal(80, seen.GetProperty("server")[1].GetInt32());
        Assert.Equal(["http"], Header(seen, "x-forwarded-proto"));
    }

    [Fact]
    public async Task EncodedSlash_ReachesAgentAsTheClientSentIt()
    {
        var (status, response) = await RawHttp.GetAsync(fixture.Proxy.Port("alb"), Base + "/request/a%2Fb?q=%2F");

        Assert.Equal(200, status);
        var seen = JsonDocument.Parse(response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement;
        Assert.Equal("/request/a%2Fb", seen.GetProperty("raw_path").GetString());
        Assert.Equal("/request/a/b", seen.GetProperty("path").GetString());
        Assert.Equal("q=%2F", seen.GetProperty("query_string").GetString());
    }

    [Fact]
    public async Task RequestId_FromTheClient_EchoedAndPassedToTheAgent()
    {
        using var http = Client("alb");
        using var request = new HttpRequestMessage(HttpMethod.Get, Base + "/request");
        request.Headers.Add("X-Request-ID", "client-id-17");

        using var response = await http.SendAsync(request);
        var seen = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["client-id-17"], response.Headers.GetValues("X-Request-ID"));
        Assert.Equal(["client-id-17"], Header(seen, "x-request-id"));
    }

    [Fact]
    public async Task RequestId_NoneSent_GeneratedEchoedAndPassedToTheAgent()
    {
        using var http = Client("alb");

        using var response = await http.GetAsync(Base + "/request");
        var seen = await response.Content.ReadFromJsonAsync<JsonElement>();

        var id = Assert.Single(response.Headers.GetValues("X-Request-ID"));
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal([id], Header(seen, "x-request-id"));
    }

    [Fact]
    public async Task BodyOverTheDefaultLimit_ThroughProxy_413()
    {
        using var http = Client("alb");
        using var content = new ByteArrayContent(new byte[31 * 1024 * 1024]);
        content.Headers.ContentType = new("application/json");

        using var response = await http.PostAsync(Base + "/echo", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static string[] Header(JsonElement seen, string name) =>
        [.. seen.GetProperty("headers").EnumerateArray().Where(h => h[0].GetString() == name).Select(h => h[1].GetString()!)];
}
