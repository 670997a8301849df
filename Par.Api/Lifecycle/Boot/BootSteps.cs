namespace Par.Api.Lifecycle.Boot;

/// <summary>
/// How a phase says which step of it is under way and how far it got, so that /ready shows it while booting.
/// Lifecycle knows only the step's name and its counts; what they mean is the feature's.
/// </summary>
internal sealed class BootSteps(BootState state, TimeProvider time)
{
    /// <summary>How often a step's heartbeat fires: a long step says how it is doing at most this often.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Starts the step <paramref name="name"/>; disposing the reporter ends it. <paramref name="heartbeat"/>, when given,
    /// is called every <see cref="HeartbeatInterval"/> while the step runs, with its latest progress and its time so far
    /// (the feature logs it: a step that prints nothing for a while is not silent).
    /// </summary>
    /// <param name="name">The step's name in /ready, e.g. "create venv".</param>
    /// <param name="heartbeat">Called from a timer while the step runs; null for none.</param>
    public StepReporter Begin(string name, Action<StepProgress?, TimeSpan>? heartbeat = null) => new(state, time, name, heartbeat);
}

/// <summary>One running step: its progress goes to the boot state as it comes; disposing it ends the step.</summary>
internal sealed class StepReporter : IDisposable
{
    private readonly BootState _state;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly ITimer? _heartbeat;
    private StepProgress? _latest;

    public StepReporter(BootState state, TimeProvider time, string name, Action<StepProgress?, TimeSpan>? heartbeat)
    {
        (_state, _time, Name) = (state, time, name);
        _started = time.GetTimestamp();
        state.BeginStep(name);
        if (heartbeat is not null)
        {
            _heartbeat = time.CreateTimer(
                _ => heartbeat(Volatile.Read(ref _latest), Elapsed), null, BootSteps.HeartbeatInterval, BootSteps.HeartbeatInterval);
        }
    }

    public string Name { get; }

    /// <summary>The step's time so far.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>The latest progress reported, or null.</summary>
    public StepProgress? Latest => Volatile.Read(ref _latest);

    /// <summary>The step's progress now: shown by /ready at once, and handed to the next heartbeat.</summary>
    /// <param name="progress">Counts and detail as the feature counts them.</param>
    public void Report(StepProgress progress)
    {
        Volatile.Write(ref _latest, progress);
        _state.ReportStep(Name, progress);
    }

    public void Dispose()
    {
        _heartbeat?.Dispose();
        _state.EndStep(Name);
    }
}
