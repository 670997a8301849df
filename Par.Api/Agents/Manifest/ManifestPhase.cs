using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Packages;

namespace Par.Api.Agents.Manifest;

/// <summary>The manifest phase: reads and validates agent.yaml of the unpacked package; any problem is exit 65, all listed.</summary>
internal sealed class ManifestPhase(RunningAgent agent, BootState state, ILogger<ManifestPhase> logger) : IBootPhase
{
    public string Name => "manifest";

    public int Order => 400;

    public BootCheck Check => AgentChecks.Manifest;

    public Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        var directory = context.PackageDirectory
            ?? throw new BootFailureException(ExitCodes.PackageInvalid, AgentChecks.Manifest, "no unpacked package to read agent.yaml from");
        var result = ManifestLoader.Load(directory);
        if (!result.IsValid)
        {
            throw new BootFailureException(ExitCodes.PackageInvalid, AgentChecks.Manifest, result.Summary);
        }

        var manifest = result.Manifest!;
        agent.ManifestLoaded(manifest);
        state.SetCheck(PackageChecks.Package, CheckState.Ok);
        state.SetCheck(AgentChecks.Manifest, CheckState.Ok);
        ManifestLog.Loaded(logger, manifest.Name!, manifest.Version!, manifest.DeclaresRest, manifest.DeclaresA2a, manifest.DeclaresUi);
        return Task.CompletedTask;
    }
}
