using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Telemetry;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// A worker that dies outside shutdown turns readiness 503 at once and ends the process with 70; one that stops
/// answering is found by <see cref="WorkerLiveness"/>.
/// </summary>
internal sealed class WorkerSupervisor(
    FailureExit failureExit, ParOptions options, BootState state, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<WorkerSupervisor> logger)
{
    public void Watch(IAgentWorker worker)
    {
        _ = WatchAsync(worker);
        _ = new WorkerLiveness(options.Agent, state, failureExit, time, logger).WatchAsync(worker, lifetime.ApplicationStopping);
    }

    private async Task WatchAsync(IAgentWorker worker)
    {
        var code = await worker.Exited;
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        WorkerLog.Exited(logger, code);
        ParMetrics.WorkerExited();
        var failure = new BootFailureException(ExitCodes.AgentFailed, AgentChecks.Worker, $"the agent worker exited unexpectedly with code {code}{Signal(code)}");
        await failureExit.FailAsync("worker", failure);
    }

    /// <summary>Exit codes above 128 mean a signal; the two common ones are named, since they point at the cause.</summary>
    private static string Signal(int code) => code switch
    {
        137 => " (SIGKILL: killed from outside, often by the out-of-memory killer)",
        139 => " (SIGSEGV: the Python process crashed, usually in a native extension)",
        > 128 and < 160 => $" (signal {code - 128})",
        _ => string.Empty,
    };
}
