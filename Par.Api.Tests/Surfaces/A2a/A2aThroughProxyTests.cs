using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.A2a;

/// <summary>
/// The official 1.x client through a real nginx in front of PAR (the load balancer's place): the card's URL is the
/// proxy's (the Host it passes on), and the SSE streams come through unbuffered.
/// </summary>
public sealed class A2aThroughProxyTests : IAsyncLifetime
{
    private readonly SampleAgentFixture _sample = new();
    private NginxProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        await _sample.InitializeAsync();
        // "$http_host": nginx passes the client's own Host on, as a load balancer in front of one public name does.
        _proxy = await NginxProxy.StartAsync(_sample.Host.Options.Listeners.RestPort, _sample.Host.Options.Listeners.A2aPort,
            [new ProxyRoute("a2a", ProxyKind.Rest, "$http_host")]);
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        await _sample.DisposeAsync();
    }

    [Fact]
    public async Task V1Client_ThroughNginx_CardSendStreamAndCancel()
    {
        var proxy = _proxy.Address("a2a");

        var run = await A2aNodeClient.RunAsync("v1", $"{proxy}{SampleAgentFixture.Base}/");

        Assert.Equal($"{proxy}{SampleAgentFixture.Base}/a2a/jsonrpc", run.Value("card").GetProperty("supportedInterfaces")[0].GetProperty("url").GetString());
        Assert.Equal("TASK_STATE_COMPLETED", run.Value("send-data").GetProperty("task").GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(4, run.Value("stream").GetArrayLength());
        Assert.Equal("TASK_STATE_CANCELED", run.Value("subscribe-and-cancel-running").GetProperty("canceled").GetProperty("status").GetProperty("state").GetString());
        Assert.All(run.Requests, r => Assert.Equal(200, r.GetProperty("status").GetInt32()));
        Assert.DoesNotContain(_proxy.ErrorLog.Split("\n"), l => l.Contains("[error]", StringComparison.Ordinal));
    }
}
