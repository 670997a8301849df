using System.Diagnostics;

namespace Par.Api.Telemetry;

/// <summary>
/// The caller's W3C trace context for the call being served, kept so that it reaches the worker with Invoke when no
/// tracer listens (no OTLP endpoint: ASP.NET Core then makes no request activity). <see cref="Capture"/> runs in the
/// request-id middleware, and only a request that brought a valid traceparent sets anything; the worker gets the two
/// headers as they came. Where a span exists (a tracer listens) it is propagated instead. It replaced an activity
/// listener that asked ASP.NET Core to build a propagation-only activity: that listener made every request go through
/// the activity path, ~3.5% of PAR's CPU per Ping (bench/notes.md).
/// </summary>
internal static class CallerTrace
{
    public const string ParentHeader = "traceparent";
    public const string StateHeader = "tracestate";

    private static readonly AsyncLocal<Context?> Served = new();

    /// <summary>The caller's context for this call, or null.</summary>
    public static Context? Current => Served.Value;

    /// <summary>Keeps the request's traceparent (and tracestate) for the rest of its handling, when it is well-formed.</summary>
    public static void Capture(IHeaderDictionary headers)
    {
        if (Activity.Current is not null)
        {
            return; // a tracer listens: the request's activity carries the context, and it is propagated instead
        }

        if (headers.TryGetValue(ParentHeader, out var parent) && parent.Count == 1 && parent[0] is { Length: > 0 } value)
        {
            var state = headers.TryGetValue(StateHeader, out var states) && states.Count == 1 ? states[0] : null;
            if (ActivityContext.TryParse(value, state, out _))
            {
                Served.Value = new Context(value, state);
            }
        }
    }

    /// <param name="Parent">The traceparent header as the caller sent it.</param>
    /// <param name="State">Its tracestate header, if any.</param>
    internal sealed record Context(string Parent, string? State);
}
