using Par.Api.Agents;
using Microsoft.Extensions.Logging.Abstractions;
using Par.Api.Config;
using Par.Api.Lifecycle;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

public sealed class RuntimeCleanupTests
{
    [Fact]
    public async Task Cleanup_EmptiesWorkDirButKeepsAPackageGivenInsideIt()
    {
        using var work = new TempDirectory();
        var package = Path.GetDirectoryName(work.Write("operator/agent/agent.yaml", "name: demo\nversion: 1.0.0\n"))!;
        work.Write("venv/bin/python", "");
        work.Write("package.apkg", "zip");
        work.Write("operator-notes.txt", "not kept: PAR's own folder");
        var options = ConfigLoader.Load(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "a",
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.ParWorkDir] = work.Path,
        }).Options!;

        // Cleanup right after the start: the head start's venv creation and standby worker are stopped too.
        await using var headStart = PythonHeadStart.Begin(options);
        await new RuntimeCleanup(new BootContext(), headStart, options, NullLogger<RuntimeCleanup>.Instance).RunAsync(CancellationToken.None);

        Assert.Equal([Path.Combine(work.Path, "operator")], Directory.GetFileSystemEntries(work.Path));
        Assert.True(File.Exists(Path.Combine(package, "agent.yaml")));
    }
}
