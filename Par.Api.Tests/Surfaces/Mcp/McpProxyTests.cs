using Par.Api.Tests.Infrastructure;
using static Par.Api.Tests.Surfaces.Mcp.McpNodeClient;

namespace Par.Api.Tests.Surfaces.Mcp;

/// <summary>The official MCP client through a real nginx, addressed as an ALB or a Kubernetes Service would.</summary>
public sealed class McpProxyTests(ProxiedSampleAgentFixture proxied) : IClassFixture<ProxiedSampleAgentFixture>
{
    [Theory]
    [InlineData("alb")]
    [InlineData("k8s-service")]
    public async Task ThroughTheProxy_ListsAndCallsTools(string route)
    {
        var url = proxied.Proxy.Address(route) + SampleAgentFixture.Base + "/mcp";

        var transcript = await RunAsync(url, Call("calculate", new { operation = "add", a = 2, b = 3 }), Call("fail"));

        Assert.Equal("sample-agent", transcript.ServerInfo.GetProperty("name").GetString());
        Assert.Equal(6, transcript.Tools.Count);
        Assert.Equal(5, transcript.Result(0).GetProperty("structuredContent").GetProperty("result").GetInt32());
        Assert.True(transcript.Result(1).GetProperty("isError").GetBoolean(), $"{transcript}\n{proxied.Proxy.ErrorLog}");
    }
}
