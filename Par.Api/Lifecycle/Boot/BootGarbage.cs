using System.Runtime;

namespace Par.Api.Lifecycle.Boot;

/// <summary>
/// Once ready, the boot's garbage (the schema, the parsed configuration and manifest, the package's file lists) is
/// collected and the GC's freed regions are handed back to the system, instead of staying resident until the GC
/// would decommit them on its own. A blocking collection of a heap of a few MiB, once per process; steady-state
/// memory is then what serving needs (docs/benchmarks.md measures RSS at ready and after load).
/// </summary>
internal static class BootGarbage
{
    public static void Release()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
