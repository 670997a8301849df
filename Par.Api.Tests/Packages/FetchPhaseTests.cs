using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages;

public sealed class FetchPhaseTests
{
    [Fact]
    public async Task Fetch_PackageDirectory_UsedInPlaceWithoutHash()
    {
        using var dir = new TempDirectory();
        var package = TestPackages.Minimal(dir);
        using var fetch = FetchHarness.Create(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = package });

        var context = await fetch.RunAsync();

        Assert.Equal(package, context.PackageDirectory);
        Assert.Null(context.PackageFile);
        Assert.Null(context.PackageSha256);
    }

    [Fact]
    public async Task Fetch_PackageDirectoryWithSha256_Exits65AskingForAnApkg()
    {
        using var dir = new TempDirectory();
        using var fetch = FetchHarness.Create(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir),
            [EnvNames.PackageSha256] = new string('a', 64),
        });

        var failure = await fetch.FailAsync();

        Assert.Equal(65, failure.ExitCode);
        Assert.Contains("a checksum needs an .apkg file", failure.Message);
    }

    [Fact]
    public async Task Fetch_PackageFile_HashedInPlaceNotCopied()
    {
        using var dir = new TempDirectory();
        var bytes = HttpsPackageServer.RandomPackage();
        var file = dir.Combine("agent.apkg");
        await File.WriteAllBytesAsync(file, bytes);
        using var fetch = FetchHarness.Create(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = file,
            [EnvNames.PackageSha256] = HttpsPackageServer.Sha256(bytes).ToUpperInvariant(),
        });

        var context = await fetch.RunAsync();

        Assert.Equal(file, context.PackageFile);
        Assert.Equal(HttpsPackageServer.Sha256(bytes), context.PackageSha256);
        Assert.Empty(fetch.WorkDirFiles);
    }

    [Fact]
    public async Task Fetch_PackageFileWithWrongSha256_Exits65AndKeepsTheOperatorsFile()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("agent.apkg");
        await File.WriteAllBytesAsync(file, [1, 2, 3]);
        using var fetch = FetchHarness.Create(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = file,
            [EnvNames.PackageSha256] = new string('0', 64),
        });

        var failure = await fetch.FailAsync();

        Assert.Equal(65, failure.ExitCode);
        Assert.Contains($"expected {new string('0', 64)}, got {HttpsPackageServer.Sha256([1, 2, 3])}", failure.Message);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task Fetch_PackageFileOverTheLimit_Exits65()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("agent.apkg");
        await File.WriteAllBytesAsync(file, new byte[(1024 * 1024) + 1]);
        using var fetch = FetchHarness.Create(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = file,
            [EnvNames.MaxPackageSizeMb] = "1",
        });

        var failure = await fetch.FailAsync();

        Assert.Equal(65, failure.ExitCode);
        Assert.Contains("larger than MAX_PACKAGE_SIZE_MB=1", failure.Message);
    }

    [Fact]
    public async Task Fetch_MissingPackagePath_Exits69()
    {
        using var dir = new TempDirectory();
        using var fetch = FetchHarness.Create(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = dir.Combine("nothing.apkg") });

        var failure = await fetch.FailAsync();

        Assert.Equal(69, failure.ExitCode);
        Assert.Contains("does not exist", failure.Message);
    }

    [Fact]
    public async Task Boot_PackageUrlNotFound_FailsWith69AndHealthShowsTheRedactedUrl()
    {
        using var server = HttpsPackageServer.Start();
        server.Fail("/agent.apkg", 404);
        var env = server.Environment("/agent.apkg?X-Amz-Signature=topsecret", (EnvNames.BootFailureBackoffSec, "30"));
        await using var host = await ParTestHost.StartAsync(env);

        var snapshot = await host.WaitForBootAsync();
        using var health = await host.Rest.GetAsync("/health");
        var error = (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();

        Assert.Equal(69, snapshot.ExitCode);
        Assert.Equal("fetch", snapshot.Phase);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("HTTP 404", error);
        Assert.Contains(server.Url("/agent.apkg?[REDACTED]"), error);
        Assert.DoesNotContain("topsecret", error);
        Assert.Equal(1, server.Requests("/agent.apkg"));
    }
}
