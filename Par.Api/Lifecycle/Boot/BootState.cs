namespace Par.Api.Lifecycle.Boot;

internal enum BootStatus { Booting, Ready, Failed, Draining, Unresponsive }

internal sealed record PhaseTiming(string Phase, double DurationMs);

/// <summary>One readiness check: pending, ok, failed or skipped (the package does not declare that surface).</summary>
internal sealed record CheckState(string Status, string? Detail = null)
{
    public static readonly CheckState Pending = new("pending");
    public static readonly CheckState Ok = new("ok");
    public static readonly CheckState Skipped = new("skipped");
}

/// <summary>What every consumer of the boot state sees: readiness on every surface, the metadata and the logs.</summary>
internal sealed record BootSnapshot
{
    public required BootStatus Status { get; init; }
    public required string Phase { get; init; }
    public string? Error { get; init; }
    public int? ExitCode { get; init; }
    public required IReadOnlyList<PhaseTiming> Timings { get; init; }
    public required IReadOnlyDictionary<string, CheckState> Checks { get; init; }
    public double? BootMs { get; init; }

    /// <summary>The step of the current phase under way and its progress, while booting; null between steps.</summary>
    public BootStep? Step { get; init; }

    public bool IsReady => Status == BootStatus.Ready;

    /// <summary>
    /// Whether calls into the agent are served: when ready, and while draining (in-flight and late calls are still
    /// served). Booting, failed and unresponsive (a hung agent) answer "unavailable" on every surface instead.
    /// </summary>
    public bool AcceptsAgentCalls => Status is BootStatus.Ready or BootStatus.Draining;
}

/// <summary>
/// The single, thread-safe record of where the runtime is in its life. Its checks are the ones the features
/// registered (<see cref="BootRegistration.AddBootCheck"/>), pending at first, in their order.
/// </summary>
internal sealed class BootState(IEnumerable<BootCheck> checks)
{
    private readonly Lock _gate = new();
    private BootSnapshot _current = new()
    {
        Status = BootStatus.Booting,
        Phase = "config",
        Timings = [],
        Checks = checks.OrderBy(c => c.Order).DistinctBy(c => c.Name).ToDictionary(c => c.Name, _ => CheckState.Pending),
    };

    public BootSnapshot Current => Volatile.Read(ref _current);

    public void EnterPhase(string phase) =>
        Update(s => s.Status == BootStatus.Booting ? s with { Phase = phase, Step = null } : s);

    /// <summary>A phase completed: its timing is recorded and whatever step it left open is over.</summary>
    /// <param name="phase">The phase's name.</param>
    /// <param name="duration">How long it took.</param>
    public void RecordPhase(string phase, TimeSpan duration) =>
        Update(s => s with { Timings = [.. s.Timings, new PhaseTiming(phase, Math.Round(duration.TotalMilliseconds, 2))], Step = null });

    /// <summary>A step of the current phase began (through <see cref="BootSteps"/>); it has no progress yet.</summary>
    /// <param name="name">The step's name.</param>
    public void BeginStep(string name) =>
        Update(s => s.Status == BootStatus.Booting ? s with { Step = new BootStep(name) } : s);

    /// <summary>The progress of the step under way; ignored when that step is no longer the current one.</summary>
    /// <param name="name">The step's name.</param>
    /// <param name="progress">Its progress now.</param>
    public void ReportStep(string name, StepProgress progress) =>
        Update(s => s.Status == BootStatus.Booting && s.Step?.Name == name ? s with { Step = new BootStep(name, progress) } : s);

    /// <summary>The step ended; a later step that already began is left alone.</summary>
    /// <param name="name">The step's name.</param>
    public void EndStep(string name) => Update(s => s.Step?.Name == name ? s with { Step = null } : s);

    public void SetCheck(BootCheck check, CheckState state) =>
        Update(s => s with { Checks = new Dictionary<string, CheckState>(s.Checks) { [check.Name] = state } });

    public void MarkReady(TimeSpan bootTime) =>
        Update(s => s.Status == BootStatus.Booting
            ? s with { Status = BootStatus.Ready, Phase = "ready", BootMs = Math.Round(bootTime.TotalMilliseconds, 2), Step = null }
            : s);

    /// <summary>
    /// Boot or the agent failed: readiness stays 503 with the reason until the process exits with
    /// <paramref name="exitCode"/>. While draining, only the exit code is recorded.
    /// </summary>
    public void Fail(BootCheck check, string error, int exitCode) =>
        Update(s => s.Status == BootStatus.Draining ? s with { ExitCode = exitCode } : s with
        {
            Status = BootStatus.Failed,
            Error = error,
            Step = null,
            ExitCode = exitCode,
            Checks = new Dictionary<string, CheckState>(s.Checks) { [check.Name] = new("failed", error) },
        });

    /// <summary>A ready runtime whose agent stopped answering: readiness 503 with the reason, until it answers again.</summary>
    public void MarkUnresponsive(BootCheck check, string reason) =>
        Update(s => s.Status != BootStatus.Ready ? s : s with
        {
            Status = BootStatus.Unresponsive,
            Error = reason,
            Checks = new Dictionary<string, CheckState>(s.Checks) { [check.Name] = new("failed", reason) },
        });

    /// <summary>The agent answers again: ready as before.</summary>
    public void MarkResponsive(BootCheck check) =>
        Update(s => s.Status != BootStatus.Unresponsive ? s : s with
        {
            Status = BootStatus.Ready,
            Error = null,
            Checks = new Dictionary<string, CheckState>(s.Checks) { [check.Name] = CheckState.Ok },
        });

    /// <summary>Shutdown began: a failed runtime keeps its failure (the more useful answer), anything else drains.</summary>
    public void BeginDrain() => Update(s => s.Status == BootStatus.Failed ? s : s with { Status = BootStatus.Draining, Phase = "draining", Step = null });

    private void Update(Func<BootSnapshot, BootSnapshot> change)
    {
        lock (_gate)
        {
            Volatile.Write(ref _current, change(_current));
        }
    }
}
