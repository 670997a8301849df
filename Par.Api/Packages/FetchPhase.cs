using Par.Api.Config;
using Par.Api.Lifecycle;

namespace Par.Api.Packages;

/// <summary>The fetch phase: makes the package available locally (only local paths so far).</summary>
internal sealed class FetchPhase(ParOptions options) : IBootPhase
{
    public string Name => "fetch";

    public Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        var location = options.Package.Location;
        if (location.Scheme != PackageScheme.File)
        {
            throw new BootFailureException(ExitCodes.FetchFailed, "package", $"{location.Scheme} sources are not supported yet");
        }

        if (Directory.Exists(location.Value))
        {
            context.PackageDirectory = location.Value;
        }
        else if (File.Exists(location.Value))
        {
            context.PackageFile = location.Value;
        }
        else
        {
            throw new BootFailureException(ExitCodes.FetchFailed, "package", $"AGENT_PACKAGE_PATH {location.Value} does not exist");
        }

        return Task.CompletedTask;
    }
}
