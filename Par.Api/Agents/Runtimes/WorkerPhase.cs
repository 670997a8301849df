using Par.Api.Lifecycle.Boot;

namespace Par.Api.Agents.Runtimes;

/// <summary>The worker phase: the runtime starts the agent (its handlers loaded), or exit 70 with the agent's error.</summary>
internal sealed class WorkerPhase(IEnumerable<IAgentRuntime> runtimes, RunningAgent agent, BootState state) : IBootPhase
{
    public string Name => "worker";

    public int Order => 600;

    public BootCheck Check => AgentChecks.Worker;

    public async Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        var manifest = agent.Manifest!;
        if (AgentRuntimes.For(runtimes, manifest) is not { } runtime)
        {
            state.SetCheck(AgentChecks.Worker, CheckState.Skipped);
            return;
        }

        agent.WorkerStarted(await runtime.StartAsync(manifest, context, cancellationToken));
        state.SetCheck(AgentChecks.Worker, CheckState.Ok);
    }
}
