using System.Net;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>SPEC §5: a worker that stops answering is found by the liveness probe: readiness 503 naming it, then exit 70.</summary>
public sealed class WorkerHangTests
{
    [Fact]
    public async Task Worker_Sigstopped_Ready503NamingTheWorkerThenExit70()
    {
        await using var par = Start(TestPackages.SampleAgent);
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        var worker = await par.Process.WorkerPidAsync();
        try
        {
            Assert.True(Signals.Send(worker, Signals.Stop));

            await AssertUnresponsiveThenExit70Async(par, async () =>
            {
                // A hung worker gets no more calls: REST answers 503 at once instead of a request that hangs.
                using var call = await par.Rest.GetAsync("/hello");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, call.StatusCode);
                Assert.Contains("The agent is not ready", await call.Content.ReadAsStringAsync());
            });
        }
        finally
        {
            Signals.Send(worker, Signals.Kill); // a stopped process outlives nothing, even when an assertion failed
        }
    }

    [Fact]
    public async Task Worker_HandlerBlocksTheEventLoop_Ready503NamingTheWorkerThenExit70()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", "name: blocking\nversion: 1.0.0\nhttp_server: \"app:app\"\n");
        dir.Write("pkg/app.py", BlockingApp);
        await using var par = Start(dir.Combine("pkg"));
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        var blocked = par.Rest.GetAsync("/block");

        await AssertUnresponsiveThenExit70Async(par);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => blocked);
    }

    [Fact]
    public async Task ForwardedCall_PastAgentRequestTimeout_Answers504()
    {
        await using var par = Start(TestPackages.SampleAgent, (EnvNames.AgentRequestTimeoutSec, "1"));
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        using var slow = await par.Rest.GetAsync("/slow?seconds=60");
        using var quick = await par.Rest.GetAsync("/hello");

        Assert.Equal(HttpStatusCode.GatewayTimeout, slow.StatusCode);
        Assert.Contains("RequestTimedOut", await slow.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
    }

    [Fact]
    public async Task Worker_PoolFullOfStreams_ProbeStillAnswersAndEveryStreamEnds()
    {
        await using var par = Start(TestPackages.SampleAgent);
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        // 256 streams, as many as the forwarding pool's connections, each longer than WORKER_PROBE_TIMEOUT_SEC: the pool
        // stays full for longer than the probe may go unanswered. They open in batches, each once the worker answered
        // the last (its accept backlog is smaller than the pool).
        List<HttpResponseMessage> streams = [];
        try
        {
            for (var batch = 0; batch < 8; batch++)
            {
                var opened = Enumerable.Range(0, 32).Select(_ =>
                    par.Rest.GetAsync("/stream?count=121&delay_ms=100", HttpCompletionOption.ResponseHeadersRead));
                streams.AddRange(await Task.WhenAll(opened));
            }

            var bodies = await Task.WhenAll(streams.Select(s => s.Content.ReadAsStringAsync()));
            using var ready = await par.Rest.GetAsync("/ready");

            Assert.All(streams, s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
            Assert.All(bodies, b => Assert.EndsWith("chunk 120\n", b));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.DoesNotContain("\"event\":\"agent.worker.unresponsive\"", par.Process.Stdout);
        }
        finally
        {
            streams.ForEach(s => s.Dispose());
        }
    }

    private static RuntimeProcess Start(string package, params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.WorkerProbeIntervalSec] = "1",
            [EnvNames.WorkerProbeTimeoutSec] = "6",
            [EnvNames.BootFailureBackoffSec] = "2",
            [EnvNames.GracefulShutdownTimeoutSec] = "2",
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return RuntimeProcess.Start(environment);
    }

    private static async Task AssertUnresponsiveThenExit70Async(RuntimeProcess par, Func<Task>? whileUnresponsive = null)
    {
        var (status, ready) = await par.WaitForAsync(
            "/ready", (_, body) => body.GetProperty("checks").GetProperty("worker").GetProperty("status").GetString() == "failed", TimeSpan.FromSeconds(30));
        Assert.Equal("unresponsive", ready.GetProperty("status").GetString());
        if (whileUnresponsive is not null)
        {
            await whileUnresponsive();
        }

        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("the agent worker has not answered its liveness probe", ready.GetProperty("checks").GetProperty("worker").GetProperty("detail").GetString());
        Assert.Equal(70, code);
        Assert.Contains("\"event\":\"agent.worker.unresponsive\"", par.Process.Stdout);
        Assert.Contains("WORKER_PROBE_TIMEOUT_SEC=6", par.Process.Stdout);
    }

    private static readonly string BlockingApp = FixtureAgents.AsgiApp("import time", """
        if scope["path"] == "/block":
            time.sleep(3600)  # a synchronous call in an async handler: the worker's event loop stops
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})
        """);
}
