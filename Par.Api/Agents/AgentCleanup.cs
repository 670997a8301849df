using Par.Api.Lifecycle;

namespace Par.Api.Agents;

/// <summary>Stops the agent: a head start nobody adopted (a venv being made, a standby worker), then the worker.</summary>
internal sealed class AgentCleanup(PythonHeadStart headStart, RunningAgent agent) : ICleanupStep
{
    private static readonly TimeSpan WorkerGrace = TimeSpan.FromSeconds(5);

    public int Order => 0;

    /// <summary>SIGTERM, SIGKILL after 5 s, or at once when hurried.</summary>
    public async Task RunAsync(CancellationToken hurry)
    {
        await headStart.DiscardAsync();
        if (agent.Worker is { } worker)
        {
            await worker.StopAsync(hurry.IsCancellationRequested ? TimeSpan.Zero : WorkerGrace, hurry);
        }
    }
}
