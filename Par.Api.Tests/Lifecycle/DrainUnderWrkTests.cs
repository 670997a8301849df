using System.Diagnostics;
using System.Net;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

/// <summary>
/// SPEC §7 with the public load tool: `wrk -c16` runs while SIGTERM arrives, and the whole wrk run ends inside
/// SHUTDOWN_DELAY_SEC, so every error wrk counts would be an error of the delay (the close itself, where refused
/// reconnects are expected, is <see cref="DrainUnderLoadTests"/>'s).
/// </summary>
public sealed class DrainUnderWrkTests
{
    [Fact]
    public async Task Sigterm_WrkC16RunningInsideTheDelay_NoNon2xxNoSocketErrorsAndServedWhileDraining()
    {
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.ShutdownDelaySec] = "8",
            [EnvNames.GracefulShutdownTimeoutSec] = "10",
        });
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        // 3 s of load; SIGTERM 1 s in. wrk stops on its own clock, well before the 8 s delay ends.
        using var wrk = Process.Start(new ProcessStartInfo("wrk", ["-t2", "-c16", "-d3s", new Uri(par.Rest.BaseAddress!, "/hello").ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = wrk.StandardOutput.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        par.Process.Signal(Signals.Term);
        await wrk.WaitForExitAsync();
        var report = await output;
        var stillServing = await par.Rest.GetAsync("/hello");
        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, wrk.ExitCode);
        Assert.Matches(@"\d+ requests in", report);
        Assert.DoesNotContain("Non-2xx", report);
        Assert.DoesNotContain("Socket errors", report);
        Assert.Equal(HttpStatusCode.OK, stillServing.StatusCode); // the run really ended inside the delay
        var lines = par.Process.StdoutLines;
        var draining = lines.ToList().FindIndex(l => l.Contains("\"event\":\"runtime.draining\"", StringComparison.Ordinal));
        Assert.True(draining >= 0, "PAR never logged runtime.draining");
        Assert.True(
            lines.Skip(draining).Count(l => l.Contains("\"event\":\"http.request.completed\"", StringComparison.Ordinal)) > 100,
            "wrk's load did not reach PAR while it drained");
        Assert.Equal(0, code);
    }
}
