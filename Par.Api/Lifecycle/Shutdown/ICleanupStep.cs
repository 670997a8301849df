namespace Par.Api.Lifecycle.Shutdown;

/// <summary>
/// Something a feature started that must stop after the listeners drained and before PAR_WORK_DIR is cleaned (the
/// agent's worker, a standby process). Each feature registers its own; they run in <see cref="Order"/>.
/// </summary>
internal interface ICleanupStep
{
    int Order { get; }

    /// <summary>Stops what the step owns; <paramref name="hurry"/> fires on the second signal (stop at once).</summary>
    Task RunAsync(CancellationToken hurry);
}
