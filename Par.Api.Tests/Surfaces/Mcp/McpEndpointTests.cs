using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using static Par.Api.Tests.Surfaces.Mcp.McpHttp;

namespace Par.Api.Tests.Surfaces.Mcp;

/// <summary>{BASE}/mcp over plain HTTP: stateless requests, readiness, methods, and what it leaves to the agent.</summary>
public sealed class McpEndpointTests(SampleAgentFixture sample) : IClassFixture<SampleAgentFixture>
{
    private const string Path = SampleAgentFixture.Base + "/mcp";

    [Fact]
    public async Task ToolsList_WithoutInitialize_AnsweredStatelessly()
    {
        using var response = await sample.Host.Rest.SendAsync(Post(Path, ToolsList));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        var message = await SseMessageAsync(response);
        Assert.Equal(1, message.GetProperty("id").GetInt32());
        Assert.Equal(6, message.GetProperty("result").GetProperty("tools").GetArrayLength());
    }

    [Fact]
    public async Task BeforeReady_Answers503AsAForwardedCallDoes()
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.DebugBootDelayMs] = "60000",
        });

        using var health = await host.Rest.GetAsync("/health");
        using var mcp = await host.Rest.SendAsync(Post("/mcp", ToolsList));
        using var initialize = await host.Rest.SendAsync(Post("/mcp", Initialize));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, mcp.StatusCode);
        Assert.Equal("application/problem+json", mcp.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The agent is not ready", (await mcp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, initialize.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    public async Task OtherMethods_405WithAllowPost_NotForwarded(string method)
    {
        using var response = await sample.Host.Rest.SendAsync(new HttpRequestMessage(new HttpMethod(method), Path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PathsBelowMcp_StillReachTheAgent()
    {
        using var below = await sample.Host.Rest.GetAsync(Path + "/tools");
        using var post = await sample.Host.Rest.SendAsync(Post(Path + "/x", ToolsList));

        // The sample's own 404 ({"detail": "Not Found"}), not PAR's problem details.
        Assert.Equal(HttpStatusCode.NotFound, below.StatusCode);
        Assert.Equal("Not Found", (await below.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("application/json", post.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A2aListener_DoesNotServeMcp()
    {
        using var client = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var request = Post(sample.Host.A2aAddress + Path, ToolsList);
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ToolCall_RequestIdFromTheCaller_EchoedAndLoggedWithTheCall()
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.LogLevel] = "Debug",
        });
        Assert.True((await host.WaitForBootAsync()).IsReady);
        var request = Post("/mcp", """{"jsonrpc":"2.0","id":"c1","method":"tools/call","params":{"name":"echo","arguments":{"text":"ping"}}}""");
        request.Headers.Add("X-Request-ID", "mcp-call-17");

        using var response = await host.Rest.SendAsync(request);
        var message = await SseMessageAsync(response);

        Assert.Equal("mcp-call-17", response.Headers.GetValues("X-Request-ID").Single());
        Assert.Equal("ping", message.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        var called = Assert.Single(host.Logs.Named("mcp.tool.called"));
        var completed = Assert.Single(host.Logs.Named("mcp.tool.completed"));
        Assert.Equal("mcp-call-17", called.Fields["RequestId"]);
        Assert.Equal("echo", completed.Fields["Tool"]);
        Assert.Equal(true, completed.Fields["Success"]);
        Assert.Equal("mcp-call-17", completed.Fields["RequestId"]);
    }

    private const string Initialize = """
        {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}
        """;
}
