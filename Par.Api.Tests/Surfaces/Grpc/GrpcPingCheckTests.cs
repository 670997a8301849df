using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Par.Api.Surfaces.Grpc;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.Grpc;

/// <summary>
/// The A2A self-check speaks HTTP/2 frames itself. Every boot test proves it passes against PAR's listener; these
/// prove it fails, with a reason, against listeners that are not PAR's gRPC service.
/// </summary>
public sealed class GrpcPingCheckTests
{
    [Fact]
    public async Task Ping_NothingListening_FailsNamingTheConnectError()
    {
        var port = TestPorts.Next();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GrpcPingCheck.RunAsync(port, CancellationToken.None));

        Assert.StartsWith("Ping failed: Connection refused", failure.Message);
    }

    [Fact]
    public async Task Ping_Http2ListenerWithoutTheService_FailsWithoutAReplyMessage()
    {
        await using var server = await StartAsync(HttpProtocols.Http2);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GrpcPingCheck.RunAsync(server.Port, CancellationToken.None));

        Assert.Equal("Ping ended without a reply message (a gRPC error status)", failure.Message);
    }

    [Fact]
    public async Task Ping_Http1OnlyListener_FailsWithTheGoAwayKestrelSends()
    {
        await using var server = await StartAsync(HttpProtocols.Http1);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GrpcPingCheck.RunAsync(server.Port, CancellationToken.None));

        // Kestrel recognises the HTTP/2 preface on an HTTP/1.x endpoint and answers HTTP_1_1_REQUIRED (0xd).
        Assert.Equal("the A2A listener closed the connection (HTTP/2 GOAWAY, error 13)", failure.Message);
    }

    [Fact]
    public async Task Ping_ListenerSpeakingAnotherProtocol_FailsAsNotHttp2()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var answer = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            await client.GetStream().WriteAsync("hello, this is not HTTP/2\n"u8.ToArray());
            await Task.Delay(TimeSpan.FromSeconds(5));
        });

        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GrpcPingCheck.RunAsync(port, CancellationToken.None));

        Assert.Equal("the A2A listener did not answer in HTTP/2", failure.Message);
    }

    /// <summary>A bare Kestrel listener on loopback with no endpoints: every request gets 404.</summary>
    private static async Task<BareServer> StartAsync(HttpProtocols protocols)
    {
        var port = TestPorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, l => l.Protocols = protocols));
        var app = builder.Build();
        await app.StartAsync();
        return new BareServer(app, port);
    }

    private sealed record BareServer(WebApplication App, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
