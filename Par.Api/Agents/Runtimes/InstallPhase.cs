using Par.Api.Lifecycle.Boot;

namespace Par.Api.Agents.Runtimes;

/// <summary>The install phase: the runtime that handles the manifest installs what the agent needs.</summary>
internal sealed class InstallPhase(IEnumerable<IAgentRuntime> runtimes, RunningAgent agent, BootState state) : IBootPhase
{
    public string Name => "install";

    public int Order => 500;

    public BootCheck Check => AgentChecks.Install;

    public async Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        var manifest = agent.Manifest!;
        var chosen = AgentRuntimes.For(runtimes, manifest);
        foreach (var other in runtimes.Where(r => r != chosen))
        {
            await other.ReleaseAsync();
        }

        if (chosen is null)
        {
            // A package with only a UI runs no agent code: nothing to install.
            state.SetCheck(AgentChecks.Install, CheckState.Skipped);
            return;
        }

        await chosen.PrepareAsync(manifest, context, cancellationToken);
        state.SetCheck(AgentChecks.Install, CheckState.Ok);
    }
}
