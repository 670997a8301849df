using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

/// <summary>Each exit code of SPEC §1 from a real cause, with /health answering 503 and the reason during the backoff.</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public async Task UnreachableUrl_Exits69AndNoLineShowsSecrets()
    {
        var port = TestPorts.Next();
        await using var par = await BootFailure.AssertDuringBackoffAsync(
            RuntimeProcess.Defaults()
                .With(EnvNames.PackageUrl, $"https://127.0.0.1:{port}/agent.apkg?X-Amz-Signature=topsecretsig")
                .With(EnvNames.PackageUrlAllowPrivate, "true")
                .With(EnvNames.DownloadMaxAttempts, "2")
                .With(EnvNames.DownloadTimeoutSec, "20")
                .With("AWS_SECRET_ACCESS_KEY", "awssecretvalue123")
                .With("AWS_ACCESS_KEY_ID", "AKIATESTKEYID"),
            69,
            $"127.0.0.1:{port}/agent.apkg");

        Assert.All(par.Process.StdoutLines, line => Assert.Equal("proc-agent", JsonDocument.Parse(line).RootElement.GetProperty("agentAppId").GetString()));
        foreach (var secret in new[] { "topsecretsig", "awssecretvalue123", "X-Amz-Signature" })
        {
            Assert.DoesNotContain(secret, par.Process.Stdout + par.Process.Stderr);
        }
    }

    [Fact]
    public async Task CorruptZip_Exits65AfterBackoff()
    {
        using var dir = new TempDirectory();
        var package = dir.Write("broken.apkg", "this is not a zip file");

        await using var _ = await BootFailure.AssertDuringBackoffAsync(RuntimeProcess.Defaults().Package(package), 65, "zip");
    }

    [Fact]
    public async Task FailingImport_Exits70WithPythonErrorAfterBackoff()
    {
        using var dir = new TempDirectory();

        await using var par = await BootFailure.AssertDuringBackoffAsync(RuntimeProcess.Defaults().Package(FixtureAgents.WriteFailingImport(dir)), 70, "config missing");

        Assert.Contains("Traceback", par.Process.Stdout);
    }

    [Fact]
    public async Task BootPastStartupTimeout_Exits75AfterBackoff()
    {
        using var dir = new TempDirectory();

        await using var _ = await BootFailure.AssertDuringBackoffAsync(
            RuntimeProcess.Defaults()
                .Package(TestPackages.Minimal(dir))
                .With(EnvNames.DebugBootDelayMs, "60000")
                .With(EnvNames.StartupTimeoutSec, "1"),
            75,
            "STARTUP_TIMEOUT_SEC");
    }
}
