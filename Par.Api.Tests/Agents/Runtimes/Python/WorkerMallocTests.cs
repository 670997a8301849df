using System.Net;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Tests.Lifecycle;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>The worker runs with glibc's allocator thresholds fixed at 64 KiB unless PAR's environment gives its own.</summary>
public sealed class WorkerMallocTests
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Worker_OneThresholdGiven_KeepsItAndGetsTheOtherByDefault()
    {
        await using var par = RuntimeProcess.Start(RuntimeProcess.Defaults()
            .Package(TestPackages.SampleAgent)
            .With("MALLOC_MMAP_THRESHOLD_", "262144"));
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        var environment = ProcessEnvironment(await par.Process.WorkerPidAsync());

        Assert.Equal("262144", environment.GetValueOrDefault("MALLOC_MMAP_THRESHOLD_"));
        Assert.Equal(WorkerLauncher.MallocThreshold, environment.GetValueOrDefault("MALLOC_TRIM_THRESHOLD_"));
        Assert.Equal("65536", WorkerLauncher.MallocThreshold);
    }

    /// <summary>What the process was started with (/proc/PID/environ), as the kernel holds it.</summary>
    private static Dictionary<string, string> ProcessEnvironment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty);
}
