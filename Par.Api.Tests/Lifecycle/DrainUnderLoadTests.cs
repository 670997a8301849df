using System.Net;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

/// <summary>
/// SPEC §7 under load: after SIGTERM PAR keeps serving for SHUTDOWN_DELAY_SEC without one error, and the calls in
/// flight when it stops accepting complete. 16 keep-alive clients, as `wrk -c16` would run; an in-test generator
/// rather than wrk, because wrk's totals cannot tell an error inside the delay from a refused connect after the close.
/// </summary>
public sealed class DrainUnderLoadTests
{
    private const int Clients = 16;

    [Fact]
    public async Task Sigterm_16ClientsWithDelay2_NoErrorNoNon2xxAndCallsInFlightComplete()
    {
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.ShutdownDelaySec] = "2",
            [EnvNames.GracefulShutdownTimeoutSec] = "20",
        });
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await using var load = new LoadLoops(par.Rest.BaseAddress!, Clients, "/slow?seconds=0.05");
        await load.WaitForAnswersAsync(Clients * 4, TimeSpan.FromSeconds(60));

        load.Mark();
        par.Process.Signal(Signals.Term);
        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var ended = await load.EndedAsync(TimeSpan.FromSeconds(30));
        var outcomes = load.Outcomes;

        Assert.Equal(0, code);
        Assert.True(ended, "a client never saw the listener close");
        Assert.Empty(outcomes.Where(o => o.Status is not null and not 200).Select(o => o.Status));
        // Every failure is a connection refused after the close: nothing in flight was cut, nothing failed in the delay.
        Assert.Empty(outcomes.Where(o => o.Error is not null && !o.Refused).Select(o => o.Error!.ToString()));
        Assert.Contains(outcomes, o => o.StartedAfterMark && o.Status == 200);
        Assert.All(Enumerable.Range(0, Clients), loop => Assert.True(outcomes.Last(o => o.Loop == loop).Refused));
    }
}
