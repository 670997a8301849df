using System.Text.Json;
using Par.Api.Cli;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Cli;

public sealed class InspectCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("par-inspect-test");

    public static TheoryData<string> SamplePackages => [.. Directory.GetDirectories(Path.Combine(TestPackages.RepositoryRoot, "samples"))
        .Where(d => File.Exists(Path.Combine(d, "agent.yaml")))
        .Select(Path.GetFileName)
        .Cast<string>()];

    [Theory]
    [MemberData(nameof(SamplePackages))]
    public void Inspect_SampleDirectory_PrintsSummaryAndExits0(string sample)
    {
        var (code, report) = Inspect(Path.Combine(TestPackages.RepositoryRoot, "samples", sample));

        Assert.Equal(0, code);
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(report.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, report.GetProperty("sha256").ValueKind);
        Assert.True(report.GetProperty("entries").GetInt32() > 0);
    }

    [Theory]
    [MemberData(nameof(SamplePackages))]
    public void Inspect_SampleZippedAsApkg_PrintsSummaryWithSha256AndExits0(string sample)
    {
        var package = TestZips.FromDirectory(Path.Combine(TestPackages.RepositoryRoot, "samples", sample), _dir.Combine($"{sample}.apkg"));
        var before = Directory.GetDirectories(Path.GetTempPath(), "par-inspect-*").Length;

        var (code, report) = Inspect(package);

        Assert.Equal(0, code);
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
        Assert.Matches("^[0-9a-f]{64}$", report.GetProperty("sha256").GetString());
        Assert.True(report.GetProperty("unpackedBytes").GetInt64() > 0);
        Assert.True(Directory.GetDirectories(Path.GetTempPath(), "par-inspect-*").Length <= before);
    }

    [Fact]
    public void Inspect_SampleAgent_ListsSurfacesAndHandlers()
    {
        var (_, report) = Inspect(TestPackages.SampleAgent);

        Assert.Equal("sample-agent", report.GetProperty("name").GetString());
        var surfaces = report.GetProperty("surfaces");
        Assert.True(surfaces.GetProperty("rest").GetBoolean() && surfaces.GetProperty("a2a").GetBoolean() && surfaces.GetProperty("ui").GetBoolean());
        var handlers = report.GetProperty("handlers");
        Assert.Equal("sample_agent.main:init", handlers.GetProperty("entrypoint").GetString());
        Assert.Equal("sample_agent.a2a:create_service", handlers.GetProperty("a2a").GetString());
        Assert.Equal("sample_agent.rest:app", handlers.GetProperty("asgi").GetString());
        Assert.Equal("ui", report.GetProperty("ui").GetProperty("path").GetString());
    }

    [Fact]
    public void Inspect_BadManifest_ListsEveryErrorAndExits65()
    {
        var package = Path.GetDirectoryName(_dir.Write("bad/agent.yaml", "name: demo\nrest: {}\nentrypoint: gone:run\n"))!;

        var (code, report) = Inspect(package);

        Assert.Equal(65, code);
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(errors, e => e!.Contains("version is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("rest.entry", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("entrypoint: module 'gone'", StringComparison.Ordinal));
        Assert.Equal("demo", report.GetProperty("name").GetString());
    }

    [Fact]
    public void Inspect_CraftedApkg_NamesTheEntryAndExits65()
    {
        var package = TestZips.Build(_dir.Combine("evil.apkg"), ZipItem.Text("agent.yaml", TestZips.MinimalManifest), ZipItem.Text("../evil", "x"));

        var (code, report) = Inspect(package);

        Assert.Equal(65, code);
        Assert.Contains("entry '../evil'", report.GetProperty("errors")[0].GetString());
        Assert.Matches("^[0-9a-f]{64}$", report.GetProperty("sha256").GetString());
    }

    [Fact]
    public void Inspect_MissingPath_Exits65()
    {
        var (code, report) = Inspect(_dir.Combine("nothing-here.apkg"));

        Assert.Equal(65, code);
        Assert.NotEmpty(report.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Inspect_ThroughTheBinaryWithoutEnvironment_PrintsSummaryAndExits0()
    {
        var package = TestZips.FromDirectory(TestPackages.SampleAgent, _dir.Combine("sample.apkg"));
        await using var par = ParProcess.Start(new Dictionary<string, string?>(), "inspect", package);

        var code = await par.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        Assert.Equal("sample-agent", JsonDocument.Parse(par.Stdout).RootElement.GetProperty("name").GetString());
    }

    public static TheoryData<string, string> HostilePackages => new()
    {
        { "deep", "agent.yaml nests deeper than 64 levels" },
        { "sequence key", "agent.yaml has a sequence as a mapping key" },
        { "flow mapping key", "agent.yaml has a sequence as a mapping key" },
        { "wrong type", "agent.yaml: name must be a string, found a sequence" },
        { "shell stub", "stub.apkg is not a valid zip archive" },
        { "wrong crc", "entry 'agent.yaml': has CRC-32" },
    };

    [Theory]
    [MemberData(nameof(HostilePackages))]
    public async Task Inspect_HostilePackageThroughTheBinary_Exits65WithTheReason(string hostile, string reason)
    {
        var package = hostile switch
        {
            "deep" => TestZips.Build(_dir.Combine("deep.apkg"), Packages.Extraction.HostilePackageBootTests.StoredManifest(Agents.Manifest.HostileManifestTests.DeepSequences(60_000))),
            "sequence key" => Apkg("name: demo\nversion: 1.0.0\n? [a, b]\n: 1\n"),
            "flow mapping key" => Apkg("name: demo\nversion: 1.0.0\nx: {[1]: x}\n"),
            "wrong type" => Apkg("name: [1, 2]\nversion: 1.0.0\n"),
            "shell stub" => TestZips.PrependStub(Apkg(TestZips.MinimalManifest, "stub.apkg"), "#!/bin/sh\nexit 0\n"),
            _ => Apkg(TestZips.MinimalManifest),
        };
        if (hostile == "wrong crc")
        {
            TestZips.SetCrc(package, "agent.yaml", 0x12345678);
        }

        await using var par = ParProcess.Start(new Dictionary<string, string?>(), "inspect", package);
        var code = await par.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(65, code);
        var errors = JsonDocument.Parse(par.Stdout).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.Contains(reason, StringComparison.Ordinal));
        Assert.DoesNotContain("System.Collections.Generic", par.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private string Apkg(string manifest, string name = "hostile.apkg") =>
        TestZips.Build(_dir.Combine(name), ZipItem.Text("agent.yaml", manifest));

    private static (int Code, JsonElement Report) Inspect(string path)
    {
        using var stdout = new StringWriter();
        var code = InspectCommand.Run(path, stdout);
        return (code, JsonDocument.Parse(stdout.ToString()).RootElement.Clone());
    }
}
