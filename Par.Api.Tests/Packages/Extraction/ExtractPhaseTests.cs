using Microsoft.Extensions.Logging.Abstractions;
using Par.Api.Lifecycle.Boot;
using Par.Api.Packages.Extraction;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages.Extraction;

public sealed class ExtractPhaseTests : IDisposable
{
    private readonly TempDirectory _root = new("par-extract");

    private string WorkDir => _root.Combine("work");

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Extract_ValidPackage_UnpacksIntoWorkDirPackage()
    {
        var package = TestZips.Build(_root.Combine("in", "demo.apkg"),
            ZipItem.Text("agent.yaml", TestZips.MinimalManifest),
            new ZipItem("demo/", []),
            ZipItem.Text("demo/__init__.py", "VALUE = 1\n"),
            ZipItem.Text(@"scripts\setup.cfg", "[metadata]\n"),
            new ZipItem("bin/run.sh", "#!/bin/sh\n"u8.ToArray(), UnixMode: 0x81ED));
        var context = new BootContext { PackageFile = package };

        await Phase().RunAsync(context, CancellationToken.None);

        var target = Path.Combine(WorkDir, ExtractPhase.PackageFolder);
        Assert.Equal(target, context.PackageDirectory);
        Assert.Equal("VALUE = 1\n", File.ReadAllText(Path.Combine(target, "demo", "__init__.py")));
        Assert.True(File.Exists(Path.Combine(target, "scripts", "setup.cfg")));
        Assert.True(File.GetUnixFileMode(Path.Combine(target, "bin", "run.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal([target], Directory.GetDirectories(WorkDir));
    }

    [Fact]
    public async Task Extract_StalePackageFolderFromEarlierStart_IsReplaced()
    {
        _root.Write("work/package/stale.py", "old");
        var package = TestZips.Build(_root.Combine("in", "demo.apkg"), ZipItem.Text("agent.yaml", TestZips.MinimalManifest));

        await Phase().RunAsync(new BootContext { PackageFile = package }, CancellationToken.None);

        Assert.False(File.Exists(_root.Combine("work", "package", "stale.py")));
        Assert.True(File.Exists(_root.Combine("work", "package", "agent.yaml")));
    }

    [Fact]
    public async Task Extract_DirectoryPackage_IsUsedInPlace()
    {
        var directory = TestPackages.Minimal(_root);
        var context = new BootContext { PackageDirectory = directory };

        await Phase().RunAsync(context, CancellationToken.None);

        Assert.Equal(directory, context.PackageDirectory);
        Assert.False(Directory.Exists(WorkDir));
    }

    public void Dispose() => _root.Dispose();

    private ExtractPhase Phase() => new(ParEnvironment.ForPhase(WorkDir).Options(), NullLogger<ExtractPhase>.Instance);
}
