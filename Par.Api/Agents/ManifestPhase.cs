using Par.Api.Agents.Manifest;
using Par.Api.Lifecycle;

namespace Par.Api.Agents;

/// <summary>The manifest phase: reads agent.yaml from the unpacked package; a bad manifest is exit 65.</summary>
internal sealed class ManifestPhase(BootState state) : IBootPhase
{
    public string Name => "manifest";

    public Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        var directory = context.PackageDirectory
            ?? throw new BootFailureException(ExitCodes.PackageInvalid, "manifest", "no unpacked package to read agent.yaml from");
        try
        {
            context.Manifest = ManifestReader.ReadDirectory(directory);
        }
        catch (ManifestException e)
        {
            throw new BootFailureException(ExitCodes.PackageInvalid, "manifest", e.Message);
        }

        state.SetCheck("package", CheckState.Ok);
        state.SetCheck("manifest", CheckState.Ok);
        return Task.CompletedTask;
    }
}
