using System.Net;
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
        var par = await AssertFailureAsync(
            new()
            {
                [EnvNames.PackageUrl] = $"https://127.0.0.1:{port}/agent.apkg?X-Amz-Signature=topsecretsig",
                [EnvNames.PackageUrlAllowPrivate] = "true",
                [EnvNames.DownloadMaxAttempts] = "2",
                [EnvNames.DownloadTimeoutSec] = "20",
                ["AWS_SECRET_ACCESS_KEY"] = "awssecretvalue123",
                ["AWS_ACCESS_KEY_ID"] = "AKIATESTKEYID",
            },
            69,
            $"127.0.0.1:{port}/agent.apkg");

        Assert.All(par.StdoutLines, line => Assert.Equal("proc-agent", JsonDocument.Parse(line).RootElement.GetProperty("agentAppId").GetString()));
        foreach (var secret in new[] { "topsecretsig", "awssecretvalue123", "X-Amz-Signature" })
        {
            Assert.DoesNotContain(secret, par.Stdout + par.Stderr);
        }
    }

    [Fact]
    public async Task CorruptZip_Exits65AfterBackoff()
    {
        using var dir = new TempDirectory();
        var package = dir.Write("broken.apkg", "this is not a zip file");

        await AssertFailureAsync(new() { [EnvNames.AgentPackagePath] = package }, 65, "zip");
    }

    [Fact]
    public async Task FailingImport_Exits70WithPythonErrorAfterBackoff()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", "name: broken\nversion: 1.0.0\na2a:\n  service: boom:create\n");
        dir.Write("pkg/boom.py", "raise KeyError('config missing')\n");

        var par = await AssertFailureAsync(new() { [EnvNames.AgentPackagePath] = dir.Combine("pkg") }, 70, "config missing");

        Assert.Contains("Traceback", par.Stdout);
    }

    [Fact]
    public async Task BootPastStartupTimeout_Exits75AfterBackoff()
    {
        using var dir = new TempDirectory();

        await AssertFailureAsync(
            new()
            {
                [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir),
                [EnvNames.DebugBootDelayMs] = "60000",
                [EnvNames.StartupTimeoutSec] = "1",
            },
            75,
            "STARTUP_TIMEOUT_SEC");
    }

    /// <summary>Runs PAR with a 2 s backoff: /health must answer 503 with the reason while the process is still up.</summary>
    private static async Task<ParProcess> AssertFailureAsync(Dictionary<string, string?> environment, int exitCode, string reason)
    {
        environment[EnvNames.BootFailureBackoffSec] = "2";
        var par = RuntimeProcess.Start(environment);
        await using (par)
        {
            var health = await par.WaitForHealthAsync(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60));
            while (!health.Contains("\"failed\"", StringComparison.Ordinal) && !par.Process.HasExited)
            {
                health = await par.WaitForHealthAsync(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60));
            }

            Assert.False(par.Process.HasExited, "the process exited without a backoff");
            Assert.Contains(reason, health, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(exitCode, await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("\"event\":\"boot.failed\"", par.Process.Stdout);
            return par.Process;
        }
    }
}
