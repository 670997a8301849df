using System.Net;
using Par.Api.Agents;
using Par.Api.Config;
using Par.Api.Lifecycle.Exit;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages.Extraction;

/// <summary>The extract and manifest phases inside a real boot: what /health and /ready show.</summary>
public sealed class ExtractionBootTests
{
    [Fact]
    public async Task Boot_CraftedPackage_HealthShowsTheEntryAndExitCodeIs65()
    {
        using var dir = new TempDirectory();
        var package = TestZips.Build(dir.Combine("evil.apkg"), ZipItem.Text("agent.yaml", TestZips.MinimalManifest), ZipItem.Text("../evil", "pwned"));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.BootFailureBackoffSec] = "30",
        });

        var snapshot = await host.WaitForBootAsync();
        var (status, body) = await host.GetJsonAsync("/health");

        Assert.Equal(ExitCodes.PackageInvalid, snapshot.ExitCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Contains("entry '../evil'", body.GetProperty("error").GetString());
        Assert.False(File.Exists(Path.Combine(host.Options.Lifecycle.WorkDir, "evil")));
        Assert.Equal([package], Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Boot_ValidApkg_UnpacksAndPassesPackageAndManifestChecks()
    {
        using var dir = new TempDirectory();
        var package = TestZips.Build(dir.Combine("demo.apkg"), ZipItem.Text("agent.yaml", TestZips.MinimalManifest));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = package });

        await host.WaitForBootAsync();
        var (_, body) = await host.GetJsonAsync("/ready");
        var agent = host.Services.GetRequiredService<RunningAgent>();

        Assert.Equal("ok", body.GetProperty("checks").GetProperty("package").GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("manifest").GetProperty("status").GetString());
        Assert.Equal("demo", agent.Manifest?.Name);
        Assert.True(File.Exists(Path.Combine(host.Options.Lifecycle.WorkDir, "package", "agent.yaml")));
    }

    [Fact]
    public async Task Boot_BadManifestInApkg_HealthNamesTheField()
    {
        using var dir = new TempDirectory();
        var package = TestZips.Build(dir.Combine("demo.apkg"), ZipItem.Text("agent.yaml", "name: demo\nrest: {}\n"));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.BootFailureBackoffSec] = "30",
        });

        var snapshot = await host.WaitForBootAsync();
        var (status, body) = await host.GetJsonAsync("/ready");

        Assert.Equal(ExitCodes.PackageInvalid, snapshot.ExitCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var detail = body.GetProperty("checks").GetProperty("manifest").GetProperty("detail").GetString();
        Assert.Contains("version is required", detail);
        Assert.Contains("rest.entry", detail);
    }
}
