using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle.Memory;

/// <summary>
/// The idle trim in the real process (JIT, and the native executable in CI): a PAR that goes quiet after a burst of
/// requests gives the heap's free memory back, once, and says so; IDLE_MEMORY_TRIM=false leaves the heap alone.
/// </summary>
public sealed class IdleMemoryTrimTests
{
    private const string Event = "\"event\":\"runtime.memory_trimmed\"";

    [Fact]
    public async Task QuietAfterABurst_TrimsOnce_UnlessTurnedOff()
    {
        using var dir = new TempDirectory();
        await using var trimming = RuntimeProcess.Start(Debug(TestPackages.Minimal(dir)));
        await using var untouched = RuntimeProcess.Start(Debug(TestPackages.Minimal(dir, "other")).With(EnvNames.IdleMemoryTrim, "false"));
        await trimming.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(90));
        await untouched.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(90));

        // ~3.5 KB allocated per GET /meta: 4,000 of them are a burst (IdleTrimPolicy.ActivityBytes is 8 MiB)
        await Task.WhenAll(BurstAsync(trimming), BurstAsync(untouched));

        await trimming.Process.WaitForOutputAsync(Event, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // quiet: three more looks, and the trimmed heap has not grown since

        var trimmed = Assert.Single(Lines(trimming), line => line.Contains(Event, StringComparison.Ordinal));
        var fields = JsonDocument.Parse(trimmed).RootElement;
        Assert.True(fields.GetProperty("rssAfterBytes").GetInt64() < fields.GetProperty("rssBeforeBytes").GetInt64(), trimmed);
        var heap = fields.GetProperty("heapBytes").GetInt64();
        Assert.InRange(heap, 1, fields.GetProperty("heapCommittedBytes").GetInt64());
        Assert.DoesNotContain(Lines(untouched), line => line.Contains(Event, StringComparison.Ordinal));
    }

    private static Task BurstAsync(RuntimeProcess par) =>
        Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < 500; i++)
            {
                using var response = await par.Rest.GetAsync("/meta");
                response.EnsureSuccessStatusCode();
            }
        }));

    private static ParEnvironment Debug(string package) =>
        RuntimeProcess.Defaults().Package(package).With(EnvNames.LogLevel, "Debug");

    private static IReadOnlyList<string> Lines(RuntimeProcess par) => par.Process.StdoutLines;
}
