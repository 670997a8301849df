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
