using Par.Api.Lifecycle.Shutdown;

namespace Par.Api.Agents;

/// <summary>Stops the agent's worker, after what its runtime began early (<see cref="Order"/> 10).</summary>
internal sealed class AgentCleanup(RunningAgent agent) : ICleanupStep
{
    private static readonly TimeSpan WorkerGrace = TimeSpan.FromSeconds(5);

    public int Order => 10;

    /// <summary>SIGTERM, SIGKILL after 5 s, or at once when hurried.</summary>
    public async Task RunAsync(CancellationToken hurry)
    {
        if (agent.Worker is { } worker)
        {
            await worker.StopAsync(hurry.IsCancellationRequested ? TimeSpan.Zero : WorkerGrace, hurry);
        }
    }
}
