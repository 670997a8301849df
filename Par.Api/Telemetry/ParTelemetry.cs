using System.Diagnostics;
using System.Diagnostics.Metrics;
using Par.Api.Config;

namespace Par.Api.Telemetry;

/// <summary>
/// PAR's one ActivitySource and one Meter, both named "Par.Api". A span is only made when a tracer listens (an OTLP
/// endpoint is set); instruments record only when a meter provider listens (METRICS or an OTLP endpoint).
/// </summary>
internal static class ParTelemetry
{
    public const string Name = "Par.Api";

    public static ActivitySource Source { get; } = new(Name, RuntimeVersion.Value);

    public static Meter Meter { get; } = new(Name, RuntimeVersion.Value);

    /// <summary>
    /// Label sets kept per metric; measurements with any further set are counted in one series labelled
    /// otel_metric_overflow="true". The SDK's default of 2,000 preallocates its points for each of PAR's eight
    /// metrics (72 bytes each, ~1.2 MB of PAR's heap), where PAR's bounded labels make tens of sets, an agent with a
    /// hundred actions a few hundred (bench/notes.md, 2026-12-04).
    /// </summary>
    public const int SeriesLimit = 500;

    /// <summary>Bucket bounds in seconds for calls (OpenTelemetry's HTTP semantic conventions); the SDK's default suits milliseconds.</summary>
    public static InstrumentAdvice<double> CallSeconds { get; } = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 300],
    };

    /// <summary>Bucket bounds in seconds for boot phases: tens of milliseconds (fetch of a directory) to minutes (pip).</summary>
    public static InstrumentAdvice<double> PhaseSeconds { get; } = new()
    {
        HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    };

    /// <summary>The whole boot, parent of one span per phase.</summary>
    public static Activity? StartBoot(string agentAppId) => Source.StartActivity("boot")?.SetTag("par.agent_app_id", agentAppId);

    public static Activity? StartBootPhase(string phase)
    {
        var span = Source.StartActivity("boot " + phase);
        span?.SetTag("par.boot.phase", phase);
        return span;
    }

    /// <summary>A REST call forwarded to the agent's ASGI app; the worker gets its traceparent.</summary>
    public static Activity? StartForward() => Source.StartActivity("forward", ActivityKind.Internal);
}
