using Par.Api.Logging;

namespace Par.Api.Telemetry;

/// <summary>Telemetry's log events (EventIds 1900–1949).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = LogEvents.Telemetry.TelemetryConfigured, EventName = "telemetry.configured", Level = LogLevel.Information,
        Message = "Telemetry: metrics at {MetricsPath}; OTLP export to {OtlpEndpoint} over {OtlpProtocol}")]
    public static partial void Configured(ILogger logger, string metricsPath, string otlpEndpoint, string otlpProtocol);

    [LoggerMessage(EventId = LogEvents.Telemetry.TelemetryOff, EventName = "telemetry.off", Level = LogLevel.Information,
        Message = "Telemetry off: METRICS is false and OTEL_EXPORTER_OTLP_ENDPOINT is not set")]
    public static partial void Off(ILogger logger);
}
