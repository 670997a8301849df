using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// SPEC §5: a worker that stops answering (hung, deadlocked event loop, SIGSTOPped) is found by a periodic probe on its
/// socket (GET /_par/status, answered on the worker's event loop), over its own kept-alive connection so that a pool
/// full of slow agent calls or SSE streams does not delay it. A missed probe turns readiness 503 naming the
/// worker; no answer for WORKER_PROBE_TIMEOUT_SEC ends the process with 70.
/// </summary>
internal sealed class WorkerLiveness(
    AgentOptions options, BootState state, FailureExit failureExit, TimeProvider time, ILogger logger)
{

    /// <summary>Probes until the worker exits or <paramref name="stopping"/> fires; fails the runtime past the bound.</summary>
    public async Task WatchAsync(IAgentWorker worker, CancellationToken stopping)
    {
        var lastAnswer = time.GetTimestamp();
        var missed = false;
        while (!stopping.IsCancellationRequested && !worker.Exited.IsCompleted)
        {
            var started = time.GetTimestamp();
            var failure = await ProbeAsync(worker, stopping);
            if (stopping.IsCancellationRequested || worker.Exited.IsCompleted)
            {
                return; // shutdown, or a death the supervisor reports
            }

            if (failure is null)
            {
                lastAnswer = time.GetTimestamp();
                if (missed)
                {
                    missed = false;
                    state.MarkResponsive(AgentChecks.Worker);
                    WorkerLog.Responsive(logger);
                }
            }
            else
            {
                var silent = time.GetElapsedTime(lastAnswer);
                var reason = $"the agent worker has not answered its liveness probe for {silent.TotalSeconds:0.#} s ({failure})";
                if (silent >= options.ProbeTimeout)
                {
                    var bound = $"{reason}: over WORKER_PROBE_TIMEOUT_SEC={options.ProbeTimeout.TotalSeconds:0}, the worker is hung or stopped";
                    WorkerLog.Unresponsive(logger, silent.TotalSeconds, failure);
                    await failureExit.FailAsync("worker", new BootFailureException(ExitCodes.AgentFailed, AgentChecks.Worker, bound));
                    return;
                }

                if (!missed)
                {
                    missed = true;
                    WorkerLog.Unresponsive(logger, silent.TotalSeconds, failure);
                }

                state.MarkUnresponsive(AgentChecks.Worker, reason);
            }

            var rest = options.ProbeInterval - time.GetElapsedTime(started);
            if (rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, time, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Null when the worker answered 200 within one probe interval; else what went wrong.</summary>
    private async Task<string?> ProbeAsync(IAgentWorker worker, CancellationToken stopping)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        bound.CancelAfter(options.ProbeInterval);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, WorkerProtocol.StatusUri);
            using var response = await worker.ProbeInvoker.SendAsync(request, bound.Token);
            return response.IsSuccessStatusCode ? null : $"GET /_par/status answered {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return $"no answer within {options.ProbeInterval.TotalSeconds:0} s";
        }
        catch (OperationCanceledException)
        {
            return "shutdown";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }
}
