using System.Diagnostics;

namespace Par.Api.Telemetry;

/// <summary>
/// The span, duration and in-flight count of one agent action call. <see cref="Start"/> hands back a shared inert
/// instance when neither a tracer nor a meter listens, so an unobserved call costs a check and nothing else.
/// </summary>
internal sealed class InvokeTelemetry : IDisposable
{
    private const string OtherAction = "other";
    private static readonly InvokeTelemetry Off = new(null, OtherAction, 0, false, default);

    private readonly Activity? _span;
    private readonly string _action;
    private readonly long _started;
    private readonly bool _measured;
    private readonly CancellationToken _cancellation;
    private string? _outcome;

    private InvokeTelemetry(Activity? span, string action, long started, bool measured, CancellationToken cancellation)
    {
        _span = span;
        _action = action;
        _started = started;
        _measured = measured;
        _cancellation = cancellation;
    }

    /// <param name="action">As the caller named it.</param>
    /// <param name="actions">The worker's actions: the only names that become labels.</param>
    /// <param name="cancellation">The caller's token: a call it ends is counted as cancelled.</param>
    public static InvokeTelemetry Start(string action, IReadOnlyList<string> actions, CancellationToken cancellation)
    {
        var measured = ParMetrics.InvokeDuration.Enabled;
        if (!measured && !ParTelemetry.Source.HasListeners())
        {
            return Off;
        }

        var label = Label(action, actions);
        var span = ParTelemetry.Source.StartActivity("invoke " + label);
        span?.SetTag("par.action", label);
        if (measured)
        {
            ParMetrics.InvokeActive.Add(1);
        }

        return new InvokeTelemetry(span, label, Stopwatch.GetTimestamp(), measured, cancellation);
    }

    /// <summary>An action name from the worker's list, else "other": callers choose the name, the label set stays bounded.</summary>
    public static string Label(string action, IReadOnlyList<string> actions)
    {
        foreach (var known in actions)
        {
            if (string.Equals(known, action, StringComparison.Ordinal))
            {
                return known;
            }
        }

        return OtherAction;
    }

    /// <summary>Records the call's outcome (success or failure, or not_ready) and returns it unchanged.</summary>
    public TOutcome Completed<TOutcome>(TOutcome outcome, bool success, bool notReady = false)
    {
        _outcome = notReady ? "not_ready" : success ? "success" : "failure";
        return outcome;
    }

    public void Dispose()
    {
        if (ReferenceEquals(this, Off))
        {
            return;
        }

        var outcome = _outcome ?? (_cancellation.IsCancellationRequested ? "cancelled" : "exception");
        if (_span is not null)
        {
            _span.SetTag("par.outcome", outcome);
            if (outcome != "success")
            {
                _span.SetStatus(ActivityStatusCode.Error, outcome);
            }

            _span.Dispose();
        }

        if (_measured)
        {
            ParMetrics.InvokeActive.Add(-1);
            ParMetrics.InvokeDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds,
                new KeyValuePair<string, object?>("action", _action), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
