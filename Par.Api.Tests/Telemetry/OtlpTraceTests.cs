using Grpc.Core;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Telemetry;

/// <summary>
/// Traces over OTLP/HTTP to a real receiver on loopback, and the caller's traceparent reaching the agent. Each test
/// filters the received spans by its own trace id: every host in the test process listens to the same sources.
/// The host is disposed before the spans are read: shutting down flushes the exporter.
/// </summary>
public sealed class OtlpTraceTests
{
    [Fact]
    public async Task ForwardedRequest_SpansExported_AgentSeesPARsSpanAsParent()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var dir = new TempDirectory();
        var host = await StartAsync(dir, receiver.Endpoint);
        var caller = TraceContext.New();

        string seen;
        await using (host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/agents/traced/anything?x=1");
            request.Headers.TryAddWithoutValidation("traceparent", caller.Header);
            using var response = await host.Rest.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            seen = await response.Content.ReadAsStringAsync();
        }

        var atAgent = TraceContext.Parse(seen);
        Assert.Equal(caller.TraceId, atAgent.TraceId);
        var spans = receiver.Trace(caller.TraceId);
        var server = Assert.Single(spans, s => s.Scope == "Microsoft.AspNetCore");
        Assert.Equal(caller.ParentId, server.ParentSpanId);
        Assert.Equal("/agents/traced/{**rest}", server.Attributes["http.route"]);
        Assert.Equal("traced-service", server.ServiceName);
        var forward = Assert.Single(spans, s => s.Name == "forward");
        Assert.Equal(server.SpanId, forward.ParentSpanId);
        // The worker's parent is PAR's client span under "forward", not the caller's span.
        var client = Assert.Single(spans, s => s.SpanId == atAgent.ParentId);
        Assert.Equal(forward.SpanId, client.ParentSpanId);
        Assert.Equal("System.Net.Http", client.Scope);
    }

    [Fact]
    public async Task Invoke_SpanExported_ServicerSeesTheTraceparent()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var dir = new TempDirectory();
        var host = await StartAsync(dir, receiver.Endpoint);
        var caller = TraceContext.New();

        ActionResult result;
        await using (host)
        {
            var client = new AgentService.AgentServiceClient(GrpcChannels.For(host.A2aAddress));
            result = await client.InvokeAsync(new ActionRequest { Action = "anything", RequestId = "r-trace" },
                new Metadata { { "traceparent", caller.Header } });
        }

        Assert.True(result.Success, result.Error);
        var atAgent = TraceContext.Parse(result.Result);
        Assert.Equal(caller.TraceId, atAgent.TraceId);
        var spans = receiver.Trace(caller.TraceId);
        var server = Assert.Single(spans, s => s.Scope == "Microsoft.AspNetCore");
        Assert.Equal(caller.ParentId, server.ParentSpanId);
        // A servicer has no action list: the label of a name the caller chose is "other".
        var invoke = Assert.Single(spans, s => s.Name == "invoke other");
        Assert.Equal(server.SpanId, invoke.ParentSpanId);
        Assert.Equal("success", invoke.Attributes["par.outcome"]);
        var toWorker = Assert.Single(spans, s => s.SpanId == atAgent.ParentId);
        Assert.Equal(invoke.SpanId, toWorker.ParentSpanId);
    }

    [Fact]
    public async Task Boot_OneSpanPerPhaseUnderTheBootSpan()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var dir = new TempDirectory();
        var host = await StartAsync(dir, receiver.Endpoint);
        await host.DisposeAsync();

        // Every host in the process feeds this exporter: the boot is the one of this agent.
        var boot = Assert.Single(receiver.Spans, s => s.Name == "boot" && s.Attributes.GetValueOrDefault("par.agent_app_id") == "traced");
        var phases = receiver.Trace(boot.TraceId).Where(s => s.ParentSpanId == boot.SpanId).Select(s => s.Name).ToList();
        Assert.Contains("boot fetch", phases);
        Assert.Contains("boot worker", phases);
    }

    [Fact]
    public async Task NoEndpoint_CallersTraceparentReachesTheAgentAsItCame()
    {
        using var dir = new TempDirectory();
        await using var host = await StartWithoutEndpointAsync(dir);
        var caller = TraceContext.New();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/anything");
        request.Headers.TryAddWithoutValidation("traceparent", caller.Header);
        using var response = await host.Rest.SendAsync(request);
        var client = new AgentService.AgentServiceClient(GrpcChannels.For(host.A2aAddress));
        var result = await client.InvokeAsync(new ActionRequest { Action = "anything" }, new Metadata { { "traceparent", caller.Header } });

        Assert.Equal(caller.Header, await response.Content.ReadAsStringAsync());
        Assert.Equal(caller.Header, result.Result);
    }

    [Theory]
    [InlineData("00-not-a-trace-01")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    public async Task NoEndpoint_MalformedTraceparent_DoesNotReachInvoke(string traceparent)
    {
        using var dir = new TempDirectory();
        await using var host = await StartWithoutEndpointAsync(dir);

        var client = new AgentService.AgentServiceClient(GrpcChannels.For(host.A2aAddress));
        var result = await client.InvokeAsync(new ActionRequest { Action = "anything" }, new Metadata { { "traceparent", traceparent } });

        Assert.True(result.Success, result.Error);
        Assert.Equal(string.Empty, result.Result);
    }

    private static async Task<ParTestHost> StartWithoutEndpointAsync(TempDirectory dir)
    {
        var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TelemetryAgent.WithServicer(dir),
        });
        Assert.True((await host.WaitForBootAsync()).IsReady);
        return host;
    }

    private static async Task<ParTestHost> StartAsync(TempDirectory dir, string endpoint)
    {
        var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "traced",
            [EnvNames.BasePath] = "/agents/{AGENT_APP_ID}",
            [EnvNames.AgentPackagePath] = TelemetryAgent.WithServicer(dir),
            [EnvNames.OtelExporterOtlpEndpoint] = endpoint,
            [EnvNames.OtelServiceName] = "traced-service",
        });
        var snapshot = await host.WaitForBootAsync();
        Assert.True(snapshot.IsReady, snapshot.Error);
        return host;
    }
}
