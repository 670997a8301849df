using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Telemetry;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// A lone worker that dies outside shutdown turns readiness 503 at once and ends the process with 70. In a pool of
/// several, the others go on serving (readiness stays) and the dead one is started again after 1 s, doubling with
/// each recent death; the third death within <see cref="DeathWindow"/> ends the process with 70 as a lone death does.
/// Each worker's liveness is probed over its own socket (<see cref="WorkerLiveness"/>).
/// </summary>
internal sealed class WorkerSupervisor(
    FailureExit failureExit, ParOptions options, BootState state, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<WorkerSupervisor> logger)
{
    /// <summary>Deaths within this window count together; <see cref="MaxDeaths"/> of them give up.</summary>
    public static readonly TimeSpan DeathWindow = TimeSpan.FromSeconds(60);

    public const int MaxDeaths = 3;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    private readonly Queue<long> _deaths = new();

    /// <summary>Watches every member of <paramref name="pool"/>; <paramref name="restart"/> starts slot i's replacement.</summary>
    public void Watch(WorkerPool pool, Func<int, CancellationToken, Task<AgentWorkerProcess>> restart)
    {
        if (pool.Count == 1)
        {
            _ = WatchAsync(pool);
            Probe(pool);
            return;
        }

        for (var i = 0; i < pool.Count; i++)
        {
            _ = WatchMemberAsync(pool, i, restart);
        }
    }

    private void Probe(IAgentWorker worker) =>
        _ = new WorkerLiveness(options.Agent, state, failureExit, time, logger).WatchAsync(worker, lifetime.ApplicationStopping);

    private async Task WatchAsync(IAgentWorker worker)
    {
        var code = await worker.Exited;
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        ParMetrics.WorkerExited();
        await FailAsync(code, string.Empty);
    }

    private async Task WatchMemberAsync(WorkerPool pool, int index, Func<int, CancellationToken, Task<AgentWorkerProcess>> restart)
    {
        var stopping = lifetime.ApplicationStopping;
        while (true)
        {
            var worker = pool.Members[index];
            Probe(worker);
            var code = await worker.Exited;
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            ParMetrics.WorkerExited();
            var recent = Died();
            if (recent >= MaxDeaths)
            {
                pool.Fail(code);
                await FailAsync(code, $" ({recent} worker deaths within {DeathWindow.TotalSeconds:0} s)");
                return;
            }

            var delay = FirstBackoff * Math.Pow(2, recent - 1);
            WorkerLog.Restarting(logger, index, worker.Pid, pool.Count, code, delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, time, stopping);
                var replacement = await restart(index, stopping);
                if (!pool.Replace(index, replacement))
                {
                    await replacement.DisposeAsync();
                    return;
                }

                // The dead one's pipes, sockets and process handle; new calls already go to its replacement.
                await worker.DisposeAsync();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (BootFailureException failure)
            {
                pool.Fail(code);
                await failureExit.FailAsync("worker", failure);
                return;
            }
        }
    }

    /// <summary>Records a death now; the number of deaths within the window, this one included.</summary>
    private int Died()
    {
        lock (_deaths)
        {
            var now = time.GetTimestamp();
            _deaths.Enqueue(now);
            while (time.GetElapsedTime(_deaths.Peek(), now) > DeathWindow)
            {
                _deaths.Dequeue();
            }

            return _deaths.Count;
        }
    }

    private async Task FailAsync(int code, string why)
    {
        WorkerLog.Exited(logger, code);
        var failure = new BootFailureException(ExitCodes.AgentFailed, AgentChecks.Worker, $"the agent worker exited unexpectedly with code {code}{Signal(code)}{why}");
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
