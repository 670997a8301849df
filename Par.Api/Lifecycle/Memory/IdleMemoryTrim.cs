using System.Diagnostics;

namespace Par.Api.Lifecycle.Memory;

/// <summary>
/// Gives the memory of a burst back once PAR goes quiet, as Go's scavenger and the JVM's periodic collection do.
/// The GC keeps the regions a load grew into, and without allocations no collection runs to release them: after the
/// benchmarks' load PAR stayed at 47-58 MiB where it was 41 at ready (issue 17, bench/notes.md). Once a second passes
/// with next to no allocation after some activity (<see cref="IdleTrimPolicy"/>), one full compacting collection in
/// the GC's aggressive mode decommits what is free. A quiet PAR has little or nothing in flight, so the pause (12-15 ms
/// for the sample agent's PAR) delays next to no one; IDLE_MEMORY_TRIM=false leaves the heap to the GC alone.
/// </summary>
internal sealed class IdleMemoryTrim(TimeProvider time, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    /// <summary>How often PAR looks at its allocations.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = new IdleTrimPolicy();
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var allocated = GC.GetTotalAllocatedBytes();
                if (policy.ShouldTrim(allocated))
                {
                    Trim();
                    policy.Trimmed(GC.GetTotalAllocatedBytes());
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private void Trim()
    {
        var rssBefore = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var duration = clock.Elapsed.TotalMilliseconds;
        var heap = GC.GetGCMemoryInfo();
        MemoryLog.Trimmed(logger, rssBefore, Environment.WorkingSet, heap.HeapSizeBytes, heap.TotalCommittedBytes, duration);
    }
}
