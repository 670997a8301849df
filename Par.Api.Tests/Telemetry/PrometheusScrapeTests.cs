using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Telemetry;

/// <summary>
/// A real Prometheus scrapes PAR's GET /metrics on loopback; the test reads the figures back through Prometheus's
/// HTTP API. Every host in the test process feeds the same static meter, so the labels asserted on are this test's
/// own: a unique action name and a unique BASE (the route group).
/// </summary>
public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task RequestsAndInvokes_ReadBackThroughPrometheus()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var action = "ping_" + suffix;
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "prom-" + suffix,
            [EnvNames.BasePath] = "/agents/{AGENT_APP_ID}",
            [EnvNames.AgentPackagePath] = TelemetryAgent.WithHandlers(dir, action, "fail"),
        });
        var snapshot = await host.WaitForBootAsync();
        Assert.True(snapshot.IsReady, snapshot.Error);
        await using var prometheus = PrometheusServer.Start($"127.0.0.1:{host.Options.Listeners.RestPort}");

        for (var i = 0; i < 3; i++)
        {
            using var response = await host.Rest.GetAsync($"/agents/prom-{suffix}/item/{i}?q={i}");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        var client = new AgentService.AgentServiceClient(GrpcChannels.For(host.A2aAddress));
        Assert.True((await client.InvokeAsync(new ActionRequest { Action = action })).Success);
        Assert.True((await client.InvokeAsync(new ActionRequest { Action = action })).Success);
        var unknown = await client.InvokeAsync(new ActionRequest { Action = "no_such_" + suffix });
        Assert.False(unknown.Success);

        await prometheus.AssertEventuallyAsync("up{job=\"par\"}", 1);
        await prometheus.AssertEventuallyAsync($"par_invoke_duration_seconds_count{{action=\"{action}\",outcome=\"success\"}}", 2);
        // Raw paths never become labels: three paths, one route group.
        await prometheus.AssertEventuallyAsync(
            $"par_http_request_duration_seconds_count{{route=\"/agents/prom-{suffix}/{{**rest}}\",surface=\"rest\",method=\"GET\",status=\"200\"}}", 3);
        await prometheus.AssertEventuallyAsync("absent(par_http_request_duration_seconds_count{route=~\".*/item.*\"})", 1);
        await prometheus.AssertEventuallyAsync("count(par_boot_phase_duration_seconds_count{phase=\"worker\"}) > bool 0", 1);
        await prometheus.AssertEventuallyAsync(
            "count(par_http_request_duration_seconds_count{surface=\"grpc\",route=\"/pixell.agent.AgentService/Invoke\"}) > bool 0", 1);
    }

    [Fact]
    public async Task Metrics_OnTheRestListenerOutsideBase_NotForwardedNorOnTheGrpcListener()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TelemetryAgent.WithHandlers(dir, "ping"),
        });
        Assert.True((await host.WaitForBootAsync()).IsReady);

        using var metrics = await host.Rest.GetAsync("/metrics");
        var text = await metrics.Content.ReadAsStringAsync();
        using var grpcListener = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(host.A2aAddress), DefaultRequestVersion = new Version(2, 0), DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var onGrpc = await grpcListener.GetAsync("/metrics");

        Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE par_boot_phase_duration_seconds histogram", text);
        Assert.Contains("par_boot_phase_duration_seconds_bucket{", text);
        Assert.Contains("le=\"0.01\"", text); // second buckets, not the SDK's millisecond default
        Assert.Equal(System.Net.HttpStatusCode.NotFound, onGrpc.StatusCode);
    }

    [Fact]
    public async Task MetricsOff_NoRoute_ThePathIsTheAgents()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TelemetryAgent.WithHandlers(dir, "ping"),
            [EnvNames.Metrics] = "false",
        });
        Assert.True((await host.WaitForBootAsync()).IsReady);

        using var response = await host.Rest.GetAsync("/metrics");

        // Forwarded: the agent's app answers every path with 200 and text/plain of its own, not Prometheus text.
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync());
    }
}
