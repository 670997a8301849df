using System.Net;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>The worker is the agent: when it dies, PAR turns unready and exits 70 so the orchestrator restarts the task.</summary>
public sealed class WorkerDeathTests
{
    [Fact]
    public async Task Worker_KilledAfterReady_HealthTurns503AndParExits70()
    {
        using var work = new TempDirectory("par-work");
        await using var par = await StartSampleAsync(work, backoffSec: 5);

        Assert.True(Signals.Send(await par.Process.WorkerPidAsync(), Signals.Kill));
        var failed = await par.WaitForAsync("/health", (_, body) => body.GetProperty("status").GetString() == "failed", TimeSpan.FromSeconds(60));
        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Contains("the agent worker exited unexpectedly with code 137 (SIGKILL", failed.Body.GetProperty("error").GetString());
        Assert.Equal(70, code);
        Assert.Contains("\"event\":\"agent.worker.exited\"", par.Process.Stdout);
    }

    [Fact]
    public async Task Worker_ParKilled_WorkerDoesNotLingerAsAnOrphan()
    {
        using var work = new TempDirectory("par-work");
        await using var par = await StartSampleAsync(work, backoffSec: 0);
        var workerPid = await par.Process.WorkerPidAsync();

        // SIGKILL: PAR gets no chance to stop its worker, and the pipes the worker writes its log to break.
        par.Process.Signal(Signals.Kill);
        await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var exited = await Poll.HoldsWithinAsync(() => !ProcessTable.IsRunning(workerPid), TimeSpan.FromSeconds(15));
        if (!exited)
        {
            Signals.Send(workerPid, Signals.Kill);
        }

        Assert.True(exited, $"the worker {workerPid} outlived PAR");
    }

    /// <summary>The sample agent in a real PAR process, returned once /health says ready.</summary>
    private static async Task<RuntimeProcess> StartSampleAsync(TempDirectory work, int backoffSec)
    {
        var par = RuntimeProcess.Start(ParEnvironment.Listening("sample")
            .Package(TestPackages.SampleAgent)
            .WorkDirAt(work.Path)
            .BackoffSeconds(backoffSec));
        try
        {
            await par.WaitForAsync("/health", (_, body) => body.GetProperty("status").GetString() == "ready", TimeSpan.FromSeconds(60));
            return par;
        }
        catch
        {
            await par.DisposeAsync();
            throw;
        }
    }
}
