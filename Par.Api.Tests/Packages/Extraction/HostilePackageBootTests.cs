using Par.Api.Tests.Agents.Manifest;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;

namespace Par.Api.Tests.Packages.Extraction;

/// <summary>
/// Packages built to crash the runtime, booted in a real process: /health answers 503 with the reason during the
/// backoff, then the process exits 65 (not 134 from a stack overflow, not 70 from an unhandled exception) and the
/// unpacked package is gone.
/// </summary>
public sealed class HostilePackageBootTests
{
    [Fact]
    public async Task Boot_ManifestNested60000Deep_Exits65AfterBackoffNamingAgentYaml()
    {
        using var dir = new TempDirectory();
        // Stored: deflated, 120 KB of brackets would trip the compression-ratio guard first.
        var package = TestZips.Build(dir.Combine("deep.apkg"), StoredManifest(HostileManifestTests.DeepSequences(60_000)));

        await AssertRefusedAsync(package, "agent.yaml nests deeper than 64 levels");
    }

    [Fact]
    public async Task Boot_ManifestWithSequenceAsKey_Exits65AfterBackoffNamingAgentYaml()
    {
        using var dir = new TempDirectory();
        var package = TestZips.Build(dir.Combine("key.apkg"), ZipItem.Text("agent.yaml", "name: demo\nversion: 1.0.0\n? [a, b]\n: 1\n"));

        await AssertRefusedAsync(package, "agent.yaml has a sequence as a mapping key");
    }

    [Fact]
    public async Task Boot_ManifestOfWrongTypes_Exits65AfterBackoffNamingTheField()
    {
        using var dir = new TempDirectory();
        var package = TestZips.Build(dir.Combine("types.apkg"), ZipItem.Text("agent.yaml", "name: demo\nversion: {x: 1}\n"));

        await AssertRefusedAsync(package, "agent.yaml: version must be a string, found a mapping");
    }

    [Fact]
    public async Task Boot_ShellStubBeforeTheZip_Exits65AfterBackoffNamingTheFile()
    {
        using var dir = new TempDirectory();
        var package = TestZips.PrependStub(TestZips.Build(dir.Combine("sfx.apkg"), ZipItem.Text("agent.yaml", TestZips.MinimalManifest)), "#!/bin/sh\nexit 0\n");

        await AssertRefusedAsync(package, "sfx.apkg is not a valid zip archive");
    }

    internal static ZipItem StoredManifest(string yaml) =>
        ZipItem.Text("agent.yaml", yaml) with { Level = System.IO.Compression.CompressionLevel.NoCompression };

    private static async Task AssertRefusedAsync(string package, string reason)
    {
        await using var par = await BootFailure.AssertDuringBackoffAsync(RuntimeProcess.Defaults().Package(package), 65, reason);

        Assert.False(Directory.Exists(Path.Combine(par.WorkDir, "package")), "the unpacked package was left behind");
        Assert.True(File.Exists(package));
    }
}
