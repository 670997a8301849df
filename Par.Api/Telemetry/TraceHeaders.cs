using System.Diagnostics;

namespace Par.Api.Telemetry;

/// <summary>The W3C trace context of a call PAR passes on to the worker.</summary>
internal static class TraceHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>
    /// With a current span, the copied caller's traceparent/tracestate go: HttpClient then writes the current span's
    /// (it never overwrites a header already there), so the agent's work hangs under PAR's span. Without one, the
    /// caller's headers pass as they came.
    /// </summary>
    public static void LeaveToCurrentSpan(HttpRequestMessage request)
    {
        if (Activity.Current is null)
        {
            return;
        }

        request.Headers.Remove(TraceParent);
        request.Headers.Remove(TraceState);
    }
}
