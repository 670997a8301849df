using Par.Api.A2a.Protocol;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Pixell;

/// <summary>
/// The worker runs in a session of its own: SIGTERM to PAR's whole process group (Ctrl-C, kill -TERM -PGID, systemd)
/// reaches PAR alone, which drains (the in-flight call completes), stops the worker and exits 0.
/// </summary>
public sealed class ProcessGroupTests
{
    [Fact]
    public async Task SigtermToTheProcessGroup_InFlightCallCompletesAndExit0()
    {
        using var dir = new TempDirectory("pixell-pgid");
        var started = dir.Combine("slow-started");
        var apkg = PixellSdkBuild.Build(PixellAgents.Envelopes("envelopes", started), dir.Combine("e.apkg"));
        await using var par = await PixellRuntime.StartReadyAsync(apkg, ownSession: true);
        var slow = new ActionRequest { Action = "slow" };
        slow.Parameters["seconds"] = "4"; // longer than the 2 s a signalled worker gives its stragglers
        var call = PixellRuntime.Grpc(par).InvokeAsync(slow).ResponseAsync;
        await PixellRuntime.WaitForFileAsync(started);

        Assert.True(par.Process.SignalProcessGroup(Signals.Term));
        var result = await call;
        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(40));

        Assert.True(result.Success, result.Error);
        Assert.Equal("done", result.Result);
        Assert.Equal(0, code);
        Assert.DoesNotContain("exited unexpectedly", par.Process.Stdout);
        Assert.Contains("\"event\":\"agent.worker.stopped\"", par.Process.Stdout);
    }
}
