using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages;

/// <summary>
/// A bare Kestrel HTTPS server for the responses WireMock cannot send: WireMock drops Content-Length whenever a
/// response has a body, so a declared length over the limit needs a server that states it and then writes slowly.
/// </summary>
internal sealed class RawHttpsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private RawHttpsServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<RawHttpsServer> StartAsync(RequestDelegate handler)
    {
        var port = TestPorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(TestCertificates.Server)));
        var app = builder.Build();
        var server = new RawHttpsServer(app, $"https://127.0.0.1:{port}");
        app.Run(context =>
        {
            Interlocked.Increment(ref server._requests);
            return handler(context);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
