using System.Net;
using System.Text.Json;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>The agent's output in PAR's log: a Python traceback is one error event, not a line per event.</summary>
public sealed class WorkerOutputTests
{
    [Fact]
    public async Task HandlerRaises_TracebackIsOneErrorEvent()
    {
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = TestPackages.SampleAgent });
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        var grpc = new AgentService.AgentServiceClient(GrpcChannels.For($"http://127.0.0.1:{par.A2aPort}"));

        var result = await grpc.InvokeAsync(new ActionRequest { Action = "fail" });
        await par.Process.WaitForOutputAsync("\"event\":\"agent.traceback\"", TimeSpan.FromSeconds(30));

        Assert.False(result.Success);
        var events = par.Process.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var traceback = Assert.Single(events, e => e.GetProperty("event").GetString() == "agent.traceback");
        Assert.Equal("error", traceback.GetProperty("level").GetString());
        Assert.Equal("RuntimeError: sample failure", traceback.GetProperty("message").GetString());
        var text = traceback.GetProperty("traceback").GetString()!;
        Assert.StartsWith("par_worker: action 'fail' raised:\nTraceback (most recent call last):\n", text);
        Assert.Contains("raise RuntimeError(\"sample failure\")", text);
        Assert.DoesNotContain(events, e => e.GetProperty("event").GetString() == "agent.output"
            && e.GetProperty("message").GetString()!.Contains("Traceback", StringComparison.Ordinal));
    }
}
