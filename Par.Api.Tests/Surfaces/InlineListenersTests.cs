using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Par.Api.Config;
using Par.Api.Surfaces;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces;

/// <summary>REST and UI connections are read and processed inline; the gRPC listener keeps Kestrel's default transport.</summary>
public sealed class InlineListenersTests
{
    [Fact]
    public async Task RestAndUiPorts_TakenByTheInlineTransport_A2aPortLeftToTheDefault()
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.Multiplexed] = "false",
        });
        Assert.True((await host.WaitForBootAsync()).IsReady);
        var listeners = host.Options.Listeners;

        // Kestrel asks the factory registered last first (KestrelServerImpl reverses the list).
        var factories = host.Services.GetServices<IConnectionListenerFactory>().ToList();
        var inline = Assert.IsType<InlineListeners>(factories[^1]);
        Assert.Contains(factories[..^1], f => f.GetType().Name == "SocketTransportFactory");

        Assert.True(inline.CanBind(new IPEndPoint(IPAddress.IPv6Any, listeners.RestPort)));
        Assert.True(inline.CanBind(new IPEndPoint(IPAddress.Any, listeners.UiPort)));
        Assert.False(inline.CanBind(new IPEndPoint(IPAddress.IPv6Any, listeners.A2aPort)));
        Assert.False(inline.CanBind(new UnixDomainSocketEndPoint("/tmp/par-inline-test.sock")));

        // Both kinds of listener answer on their real sockets.
        using var rest = await host.Rest.GetAsync("/hello");
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        using var ui = new HttpClient();
        using var page = await ui.GetAsync($"http://127.0.0.1:{listeners.UiPort}/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var h2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var grpcPort = await h2.GetAsync($"{host.A2aAddress}/");
        Assert.Equal(HttpVersion.Version20, grpcPort.Version);
    }

    [Fact]
    public async Task InlineTransport_BindsAndAcceptsAConnection()
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = TestPackages.SampleAgent });
        var inline = host.Services.GetServices<IConnectionListenerFactory>().OfType<InlineListeners>().Single();

        await using var listener = await inline.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.EndPoint).Port;
        var accepting = listener.AcceptAsync().AsTask();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var connection = await accepting;

        Assert.NotNull(connection);
        Assert.Equal(port, ((IPEndPoint)connection!.LocalEndPoint!).Port);
    }
}
