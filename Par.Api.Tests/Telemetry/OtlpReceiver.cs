using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP (protobuf) receiver on loopback, as a collector serves it: POST /v1/traces is decoded and kept,
/// POST /v1/metrics is counted. Real Kestrel, real exporter requests.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private int _metricExports;

    private OtlpReceiver(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Endpoint);
        _app = builder.Build();
        _app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            foreach (var span in OtlpTraceDecoder.Decode(body.ToArray()))
            {
                _spans.Enqueue(span);
            }

            context.Response.ContentType = "application/x-protobuf";
        });
        _app.MapPost("/v1/metrics", (HttpContext context) =>
        {
            Interlocked.Increment(ref _metricExports);
            context.Response.ContentType = "application/x-protobuf";
        });
    }

    public string Endpoint { get; }

    public IReadOnlyList<OtlpSpan> Spans => [.. _spans];

    public int MetricExports => Volatile.Read(ref _metricExports);

    public IReadOnlyList<OtlpSpan> Trace(string traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver(TestPorts.Next());
        await receiver._app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
