using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Par.Api.Config;

namespace Par.Api.Telemetry;

/// <summary>
/// Meters (METRICS: served at GET /metrics on the REST listener) and OTLP export of metrics and traces
/// (OTEL_EXPORTER_OTLP_ENDPOINT). With neither, OpenTelemetry is not registered at all.
/// </summary>
internal static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>.NET's HttpClient spans: REST forwarding to the worker, parents of the traceparent it receives (Invoke makes its own span on ParTelemetry.Name).</summary>
    private const string HttpClientSource = "System.Net.Http";

    public static IHostApplicationBuilder AddParTelemetry(this IHostApplicationBuilder builder, ParOptions options)
    {
        var telemetry = options.Telemetry;
        if (!telemetry.Metrics && telemetry.OtlpEndpoint is null)
        {
            return builder;
        }

        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(resource => Describe(resource, options));
        otel.WithMetrics(metrics =>
        {
            metrics.AddMeter(ParTelemetry.Name)
                .AddView(instrument => instrument.Meter == ParTelemetry.Meter
                    ? new MetricStreamConfiguration { CardinalityLimit = ParTelemetry.SeriesLimit }
                    : null);
            if (telemetry.Metrics)
            {
                metrics.AddPrometheusExporter();
            }

            if (telemetry.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter((otlp, reader) =>
                {
                    Export(otlp, endpoint, telemetry, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)telemetry.MetricExportInterval.TotalMilliseconds;
                });
            }
        });
        if (telemetry.OtlpEndpoint is { } traces)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(ParTelemetry.Name, HttpClientSource)
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsScrape(context))
                .AddOtlpExporter(otlp => Export(otlp, traces, telemetry, "v1/traces")));
        }

        return builder;
    }

    /// <summary>
    /// Starts the providers before the boot does (its phases are spans and measurements) and measures each request
    /// (after routing: the route template is known). GET /metrics is mapped by <see cref="MapParMetrics"/>, which the
    /// surfaces bind to the REST listener.
    /// </summary>
    public static WebApplication MapParTelemetry(this WebApplication app, ParOptions options)
    {
        var telemetry = options.Telemetry;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Par.Api.Telemetry");
        if (!telemetry.Metrics && telemetry.OtlpEndpoint is null)
        {
            TelemetryLog.Off(logger);
            return app;
        }

        _ = app.Services.GetService<MeterProvider>();
        _ = app.Services.GetService<TracerProvider>();
        var listeners = options.Listeners;
        app.UseRequestMetrics(listeners);

        TelemetryLog.Configured(logger, telemetry.Metrics ? MetricsPath : "off",
            telemetry.OtlpEndpoint is { } endpoint ? Redaction.Url(endpoint.ToString()) : "off",
            telemetry.OtlpProtocol == OtlpProtocol.Grpc ? "grpc" : "http/protobuf");
        return app;
    }

    /// <summary>GET /metrics (outside BASE, ahead of forwarding) when METRICS is on; null when it is off.</summary>
    public static IEndpointConventionBuilder? MapParMetrics(this IEndpointRouteBuilder app, ParOptions options) =>
        options.Telemetry.Metrics ? app.MapPrometheusScrapingEndpoint(MetricsPath) : null;

    /// <summary>Which of PAR's listeners a request arrived on: rest (health, meta, forwarded REST, a multiplexed UI), grpc, ui.</summary>
    public static string Surface(int localPort, ListenerOptions listeners) =>
        localPort == listeners.A2aPort ? "grpc" : localPort == listeners.UiPort && !listeners.Multiplexed ? "ui" : "rest";

    private static bool IsScrape(HttpContext context) => context.Request.Path.Equals(MetricsPath, StringComparison.Ordinal);

    private static void Describe(ResourceBuilder resource, ParOptions options)
    {
        resource.AddService(options.Telemetry.ServiceName, serviceVersion: RuntimeVersion.Value);
        var attributes = new List<KeyValuePair<string, object>> { new("par.agent_app_id", options.AgentAppId) };
        if (options.DeploymentId is { } deployment)
        {
            attributes.Add(new("par.deployment_id", deployment));
        }

        attributes.AddRange(options.Telemetry.ResourceAttributes.Select(a => new KeyValuePair<string, object>(a.Key, a.Value)));
        resource.AddAttributes(attributes);
    }

    /// <summary>
    /// The exporter's endpoint as the OpenTelemetry specification derives it from OTEL_EXPORTER_OTLP_ENDPOINT: for
    /// http/protobuf the signal's path is appended (set in code, the .NET exporter would use the URL as it is).
    /// </summary>
    private static void Export(OtlpExporterOptions otlp, Uri endpoint, TelemetryOptions telemetry, string signalPath)
    {
        if (telemetry.OtlpHeaders is { } headers)
        {
            otlp.Headers = headers;
        }

        if (telemetry.OtlpProtocol == OtlpProtocol.Grpc)
        {
            otlp.Protocol = OtlpExportProtocol.Grpc;
            otlp.Endpoint = endpoint;
            return;
        }

        otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
        var text = endpoint.ToString();
        otlp.Endpoint = new Uri(text.EndsWith('/') ? text + signalPath : text + "/" + signalPath);
    }
}
