using System.Net;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;
using static Par.Api.Tests.Surfaces.Mcp.McpNodeClient;

namespace Par.Api.Tests.Surfaces.Mcp;

/// <summary>An MCP tool call is an in-flight request like any other: SIGTERM lets it finish before the runtime exits.</summary>
public sealed class McpDrainTests
{
    private const int Sigterm = 15;

    [Fact]
    public async Task Sigterm_ToolCallInFlight_CompletesThenExit0()
    {
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.LogLevel] = "Debug",
            [EnvNames.GracefulShutdownTimeoutSec] = "20",
        });
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        var call = RunAsync($"http://127.0.0.1:{par.RestPort}/mcp", Call("slow", new { seconds = 3 }));
        await par.Process.WaitForOutputAsync("\"event\":\"mcp.tool.called\"", TimeSpan.FromSeconds(30));

        par.Process.Signal(Sigterm);
        var transcript = await call;
        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(40));

        Assert.Equal("done", transcript.Result(0).GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(0, code);
        var events = par.Process.StdoutLines;
        var draining = events.ToList().FindIndex(l => l.Contains("\"event\":\"runtime.draining\"", StringComparison.Ordinal));
        var completed = events.ToList().FindIndex(l => l.Contains("\"event\":\"mcp.tool.completed\"", StringComparison.Ordinal));
        Assert.True(draining >= 0 && completed > draining, par.Process.Stdout);
    }
}
