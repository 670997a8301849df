namespace Par.Api.Lifecycle.Memory;

/// <summary>
/// When the GC's memory goes back to the system: once PAR has gone quiet after allocating at least
/// <see cref="ActivityBytes"/> since the last trim (what the heap may have grown into and still holds). A quiet second
/// allocates less than <see cref="QuietBytes"/>: health probes and metrics scrapes allocate kilobytes.
/// </summary>
internal sealed class IdleTrimPolicy
{
    /// <summary>Below this, a second's allocations are a quiet PAR's (a probe, a scrape), not a burst still running.</summary>
    public const long QuietBytes = 1 << 20;

    /// <summary>Allocations since the last trim worth a full, compacting collection: less leaves little to give back.</summary>
    public const long ActivityBytes = 8 << 20;

    private long _lastAllocated = -1;
    private long _allocatedAtTrim;

    /// <summary>Whether to trim now, given the bytes allocated since the process began (read once a second).</summary>
    public bool ShouldTrim(long allocatedBytes)
    {
        var quiet = _lastAllocated >= 0 && allocatedBytes - _lastAllocated < QuietBytes;
        _lastAllocated = allocatedBytes;
        return quiet && allocatedBytes - _allocatedAtTrim >= ActivityBytes;
    }

    /// <summary>Records the allocations counted when a trim ran: the next one needs as much activity again.</summary>
    public void Trimmed(long allocatedBytes) => _allocatedAtTrim = allocatedBytes;
}
