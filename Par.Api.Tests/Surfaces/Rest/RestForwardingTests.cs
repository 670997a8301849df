using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.Rest;

public sealed class RestForwardingTests(SampleAgentFixture sample) : IClassFixture<SampleAgentFixture>
{
    private HttpClient Rest => sample.Host.Rest;

    private const string Base = SampleAgentFixture.Base;

    private static readonly string InformationalVersion = typeof(Par.Api.Config.ParOptions).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    [Fact]
    public async Task Get_ThroughBase_AgentSeesPathWithoutBaseAndBaseAsRootPath()
    {
        var body = await Rest.GetFromJsonAsync<JsonElement>($"{Base}/hello");

        Assert.Equal("hello", body.GetProperty("message").GetString());
        Assert.Equal(Base, body.GetProperty("root_path").GetString());
    }

    [Fact]
    public async Task Post_JsonBody_EchoedByAgent()
    {
        using var response = await Rest.PostAsync($"{Base}/echo", new StringContent("""{"n":42,"s":"x"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(42, body.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Stream_ArrivesInPieces()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/stream?count=3&delay_ms=400");
        using var response = await Rest.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadLineAsync();
        var rest = reader.ReadToEndAsync();
        var restWasPending = !rest.IsCompleted;
        var remaining = await rest;

        Assert.Equal("chunk 0", first);
        Assert.True(restWasPending, "the rest of the stream was already there when the first chunk arrived");
        Assert.Equal("chunk 1\nchunk 2\n", remaining);
    }

    [Fact]
    public async Task AgentClientError_PassedThrough()
    {
        using var response = await Rest.GetAsync($"{Base}/error");

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Contains("teapot", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Base + Base + "/hello")]
    [InlineData("/hello")]
    [InlineData("/agents/other/hello")]
    public async Task PathsNotMountedOnceUnderBase_Answer404(string path)
    {
        using var response = await Rest.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WorkerControlRoutes_NotReachableFromOutside()
    {
        using var response = await Rest.PostAsync($"{Base}/_par/invoke/echo", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/_par/status")]
    [InlineData("/_par%2Fstatus")]
    [InlineData("/_par%2fstatus")]
    [InlineData("/%5Fpar%2Fstatus")]
    [InlineData("//_par/status")]
    [InlineData("/%2F_par%2Fstatus")]
    [InlineData("/x\\..\\_par/status")]
    [InlineData("/x/..\\_par/status")]
    [InlineData("/x\\.\\..\\_par\\status")]
    [InlineData("/x%5C..%5C_par/status")]
    [InlineData("/x/%2e%2e/_par/status")]
    public async Task WorkerStatus_NotReachableHoweverTheSlashIsSpelled(string suffix)
    {
        var (_, response) = await RawHttp.GetAsync(sample.Host.Options.Listeners.RestPort, Base + suffix);

        Assert.DoesNotContain("\"pid\"", response);
        Assert.DoesNotContain("\"python\"", response);
    }

    [Theory]
    [InlineData("/x\\..\\_par/invoke/get_status")]
    [InlineData("/x/..\\_par/invoke/get_status")]
    public async Task WorkerInvoke_BackslashAndDotSegments_Answer404(string suffix)
    {
        var (status, response) = await RawHttp.SendAsync(sample.Host.Options.Listeners.RestPort, "POST", Base + suffix);

        Assert.Equal(404, status);
        Assert.DoesNotContain("\"success\"", response);
    }

    [Fact]
    public async Task WorkerControlRoutes_WithoutBase_BackslashAndDotSegmentsAnswer404()
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = TestPackages.SampleAgent });
        Assert.True((await host.WaitForBootAsync()).IsReady);
        var port = host.Options.Listeners.RestPort;

        var status = await RawHttp.GetAsync(port, "/x\\..\\_par/status");
        var invoke = await RawHttp.SendAsync(port, "POST", "/x/..\\_par/invoke/get_status");
        var agent = await RawHttp.GetAsync(port, "/hello");

        Assert.Equal(404, status.Status);
        Assert.DoesNotContain("\"pid\"", status.Response);
        Assert.Equal(404, invoke.Status);
        Assert.Equal(200, agent.Status); // the agent's own routes still answer at the root
    }

    [Fact]
    public async Task Meta_DescribesPackageSurfacesAndTimings()
    {
        var meta = await Rest.GetFromJsonAsync<JsonElement>($"{Base}/meta");

        Assert.Equal("sample-agent", meta.GetProperty("name").GetString());
        Assert.Equal("1.0.0", meta.GetProperty("version").GetString());
        Assert.Equal(SampleAgentFixture.AgentId, meta.GetProperty("agentAppId").GetString());
        Assert.True(meta.GetProperty("surfaces").GetProperty("ui").GetBoolean());
        Assert.True(meta.GetProperty("phases").TryGetProperty("worker", out _));
        Assert.Contains("calculate", meta.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(InformationalVersion, meta.GetProperty("runtimeVersion").GetString()); // as --version prints it
    }

    [Fact]
    public async Task Swagger_ListsRuntimeRoutesAndAgentDocument()
    {
        var runtime = await Rest.GetFromJsonAsync<JsonElement>($"{Base}/swagger/runtime/swagger.json");
        var agent = await Rest.GetFromJsonAsync<JsonElement>($"{Base}/swagger/agent/openapi.json");
        var ui = await Rest.GetStringAsync($"{Base}/swagger/index.html");

        var paths = runtime.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/health", paths);
        Assert.Contains($"{Base}/meta", paths);
        Assert.Equal(InformationalVersion, runtime.GetProperty("info").GetProperty("version").GetString());
        Assert.True(agent.GetProperty("paths").TryGetProperty("/hello", out _));
        Assert.Contains("swagger-ui", ui);
    }

    [Fact]
    public async Task SurfaceHealth_ReportsEachSurface()
    {
        using var a2a = await Rest.GetAsync($"{Base}/a2a/health");
        using var ui = await Rest.GetAsync($"{Base}/ui/health");

        Assert.Equal(HttpStatusCode.OK, a2a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }
}
