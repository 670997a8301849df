using System.Diagnostics;
using System.Diagnostics.Metrics;
using Par.Api.Config;

namespace Par.Api.Telemetry;

/// <summary>
/// Requests per surface and route group: one middleware after routing, so the label is the matched route's template
/// (every forwarded call is BASE/{**rest}), never the raw path. PAR's own static meter rather than ASP.NET Core's
/// per-host one, so the series live as long as the process. Nothing is measured while no meter provider listens.
/// </summary>
internal static class RequestMetrics
{
    private static readonly Histogram<double> Duration = ParTelemetry.Meter.CreateHistogram<double>(
        "par.http.request.duration", "s", "Requests per surface (rest, grpc, ui), route template, method and status.", tags: null, ParTelemetry.CallSeconds);

    private static readonly UpDownCounter<long> Active = ParTelemetry.Meter.CreateUpDownCounter<long>(
        "par.http.active_requests", "{request}", "Requests in flight.");

    private static readonly HashSet<string> Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    public static WebApplication UseRequestMetrics(this WebApplication app, ListenerOptions listeners)
    {
        app.Use(async (context, next) =>
        {
            if (!Duration.Enabled)
            {
                await next(context);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            Active.Add(1);
            try
            {
                await next(context);
            }
            finally
            {
                Active.Add(-1);
                Record(context, listeners, Stopwatch.GetElapsedTime(started));
            }
        });
        return app;
    }

    private static void Record(HttpContext context, ListenerOptions listeners, TimeSpan elapsed)
    {
        var route = context.GetEndpoint() is RouteEndpoint endpoint ? endpoint.RoutePattern.RawText ?? "unmatched" : "unmatched";
        var method = Methods.Contains(context.Request.Method) ? context.Request.Method : "other";
        var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
        var tags = new TagList
        {
            { "surface", TelemetryExtensions.Surface(context.Connection.LocalPort, listeners) },
            { "route", route },
            { "method", method },
            { "status", status },
        };
        Duration.Record(elapsed.TotalSeconds, tags);
    }
}
