using System.Net;
using System.Text.Json;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_SlowCallsInFlight_CompleteThenExit0WithWorkDirRemoved()
    {
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.ShutdownDelaySec] = "2",
            [EnvNames.GracefulShutdownTimeoutSec] = "20",
        });
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        var grpc = new AgentService.AgentServiceClient(GrpcChannels.For($"http://127.0.0.1:{par.A2aPort}"));
        var slowRest = par.Rest.GetAsync("/slow?seconds=4");
        var slowRequest = new ActionRequest { Action = "slow" };
        slowRequest.Parameters["seconds"] = "4";
        var slowGrpc = grpc.InvokeAsync(slowRequest).ResponseAsync;
        await Task.Delay(500);

        par.Process.Signal(Signals.Term);
        var during = await par.WaitForHealthAsync(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5));
        await WaitUntilRefusedAsync(par.RestPort, TimeSpan.FromSeconds(20));
        using var rest = await slowRest;
        var grpcResult = await slowGrpc;
        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(40));

        Assert.Contains("draining", during);
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Equal("done", await rest.Content.ReadAsStringAsync());
        Assert.True(grpcResult.Success, grpcResult.Error);
        Assert.Equal("done", grpcResult.Result);
        Assert.Equal(0, code);
        Assert.False(Directory.Exists(par.WorkDir), "the work dir PAR created outlived the shutdown");
    }

    [Fact]
    public async Task Sigterm_CallPastGracefulTimeout_CutAndProcessStillExits()
    {
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.GracefulShutdownTimeoutSec] = "1",
        });
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        var endless = par.Rest.GetAsync("/slow?seconds=120");
        await Task.Delay(500);

        par.Process.Signal(Signals.Term);
        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        await Assert.ThrowsAsync<HttpRequestException>(() => endless);
        Assert.False(Directory.Exists(par.WorkDir), "the work dir PAR created outlived the shutdown");
    }

    [Fact]
    public async Task SecondSignal_SkipsTheShutdownDelay()
    {
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.ShutdownDelaySec] = "600",
        });
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        par.Process.Signal(Signals.Term);
        await par.WaitForHealthAsync(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5));
        par.Process.Signal(Signals.Term);
        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, code);
    }

    [Fact]
    public async Task FullBootAndShutdown_EveryStdoutLineIsJsonWithAgentAppId()
    {
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = TestPackages.SampleAgent });
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await par.Rest.GetStringAsync("/hello");

        par.Process.Signal(Signals.Term);
        Assert.Equal(0, await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var events = par.Process.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(events, e => Assert.Equal("proc-agent", e.GetProperty("agentAppId").GetString()));
        Assert.All(events, e => Assert.True(e.TryGetProperty("ts", out _) && e.TryGetProperty("level", out _) && e.TryGetProperty("message", out _)));
        var names = events.Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Contains("runtime.ready", names);
        Assert.Contains("runtime.draining", names);
        Assert.Contains("agent.worker.stopped", names);
        Assert.Equal("runtime.exiting", names[^1]);
    }

    private static Task WaitUntilRefusedAsync(int port, TimeSpan timeout) =>
        Poll.UntilAsync(async () => !await TestPorts.AcceptsAsync(port), timeout, $"port {port} refuses connections");
}
