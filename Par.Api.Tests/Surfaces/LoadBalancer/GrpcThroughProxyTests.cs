using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Par.Api.A2a.Protocol;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.LoadBalancer;

/// <summary>The A2A listener behind nginx's grpc_pass (h2c), once per :authority a load balancer may send, none included.</summary>
public sealed class GrpcThroughProxyTests(ProxiedSampleAgentFixture fixture) : IClassFixture<ProxiedSampleAgentFixture>
{
    public static TheoryData<string> GrpcRoutes() =>
        [.. ProxiedSampleAgentFixture.Routes.Where(r => r.Kind == ProxyKind.Grpc).Select(r => r.Name)];

    private GrpcChannel Channel(string route, string? prefix = null) => GrpcChannels.For(fixture.Proxy.Address(route), prefix);

    [Theory]
    [MemberData(nameof(GrpcRoutes))]
    public async Task PingInvokeAndCapabilities_ThroughProxy(string route)
    {
        using var channel = Channel(route);
        var client = new AgentService.AgentServiceClient(channel);
        var request = new ActionRequest { Action = "calculate", RequestId = "via-" + route };
        request.Parameters.Add(new Dictionary<string, string> { ["operation"] = "add", ["a"] = "2", ["b"] = "3" });

        var pong = await client.PingAsync(new Empty());
        var result = await client.InvokeAsync(request);
        var capabilities = await client.DescribeCapabilitiesAsync(new Empty());

        Assert.Equal("pong", pong.Message);
        Assert.True(result.Success, result.Error);
        Assert.Equal("via-" + route, result.RequestId);
        Assert.Equal(5, System.Text.Json.JsonDocument.Parse(result.Result).RootElement.GetProperty("result").GetDouble());
        Assert.Contains("calculate", capabilities.Methods);
    }

    [Theory]
    [MemberData(nameof(GrpcRoutes))]
    public async Task HealthCheckAndWatch_ThroughProxy_Serving(string route)
    {
        using var channel = Channel(route);
        var health = new global::Grpc.Health.V1.Health.HealthClient(channel);

        var check = await health.CheckAsync(new HealthCheckRequest { Service = "pixell.agent.AgentService" });
        using var watch = health.Watch(new HealthCheckRequest());
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, check.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task BaseA2aPrefix_ThroughProxy_Accepted()
    {
        using var channel = Channel("grpc-alb", SampleAgentFixture.Base + "/a2a");

        var pong = await new AgentService.AgentServiceClient(channel).PingAsync(new Empty());

        Assert.Equal("pong", pong.Message);
    }

    [Fact]
    public async Task Invoke_NoRequestId_GetsAGeneratedOne()
    {
        using var channel = Channel("grpc-alb");

        var result = await new AgentService.AgentServiceClient(channel).InvokeAsync(new ActionRequest { Action = "get_status" });

        Assert.True(result.Success, result.Error);
        Assert.Matches("^[0-9a-f]{32}$", result.RequestId);
    }

    [Fact]
    public async Task Invoke_RequestIdHeaderButNoField_ReturnsTheHeader()
    {
        using var channel = Channel("grpc-alb");

        var result = await new AgentService.AgentServiceClient(channel).InvokeAsync(
            new ActionRequest { Action = "get_status" }, new Metadata { { "x-request-id", "hdr-5" } });

        Assert.True(result.Success, result.Error);
        Assert.Equal("hdr-5", result.RequestId);
    }
}
