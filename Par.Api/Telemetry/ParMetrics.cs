using System.Diagnostics.Metrics;

namespace Par.Api.Telemetry;

/// <summary>
/// PAR's instruments and their recorders, called from one line at each place that knows the figure. Labels are
/// bounded: boot phase names, Invoke outcomes and action names from the worker's own list (else "other").
/// Requests per surface and route group: <see cref="RequestMetrics"/>.
/// </summary>
internal static class ParMetrics
{
    private static readonly Histogram<double> BootPhaseDuration = ParTelemetry.Meter.CreateHistogram<double>(
        "par.boot.phase.duration", "s", "Duration of each boot phase.", tags: null, ParTelemetry.PhaseSeconds);

    internal static readonly Histogram<double> InvokeDuration = ParTelemetry.Meter.CreateHistogram<double>(
        "par.invoke.duration", "s", "Duration of agent action calls (gRPC Invoke, A2A, MCP) per action and outcome.", tags: null, ParTelemetry.CallSeconds);

    internal static readonly UpDownCounter<long> InvokeActive = ParTelemetry.Meter.CreateUpDownCounter<long>(
        "par.invoke.active", "{call}", "Agent action calls in flight.");

    private static readonly Counter<long> WorkerExits = ParTelemetry.Meter.CreateCounter<long>(
        "par.worker.exits", "{exit}", "Agent worker processes that exited outside shutdown.");

    private static readonly Counter<long> DownloadBytes = ParTelemetry.Meter.CreateCounter<long>(
        "par.package.download.bytes", "By", "Package bytes received.");

    private static readonly Counter<long> DownloadRetries = ParTelemetry.Meter.CreateCounter<long>(
        "par.package.download.retries", "{retry}", "Package download attempts retried after a transient failure.");

    public static void BootPhaseCompleted(string phase, TimeSpan duration) =>
        BootPhaseDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("phase", phase));

    public static void WorkerExited() => WorkerExits.Add(1);

    public static void DownloadReceived(long bytes) => DownloadBytes.Add(bytes);

    public static void DownloadRetried() => DownloadRetries.Add(1);
}
