using System.Diagnostics;

namespace Par.Api.Telemetry;

/// <summary>
/// Without an OTLP endpoint no tracer listens, so ASP.NET Core makes no request activity and a caller's traceparent
/// would reach the worker only where headers are copied (forwarded REST), not with Invoke. This listener asks for
/// an activity only for a request that brought a trace context, and only to propagate it (nothing is recorded or
/// exported): the worker then gets the caller's trace id. A request without traceparent gets no activity at all.
/// </summary>
internal sealed class TraceContextPropagation : IDisposable
{
    private const string HostingSource = "Microsoft.AspNetCore";

    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == HostingSource,
        Sample = static (ref ActivityCreationOptions<ActivityContext> options) =>
            options.Parent == default ? ActivitySamplingResult.None : ActivitySamplingResult.PropagationData,
    };

    public TraceContextPropagation() => ActivitySource.AddActivityListener(_listener);

    public void Dispose() => _listener.Dispose();
}
