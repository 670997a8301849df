using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Health;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Health_WhileBootHeld_Answers503WithPhaseThen200()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir),
            [EnvNames.DebugBootDelayMs] = "1500",
            [EnvNames.BasePath] = "/agents/{AGENT_APP_ID}",
        });

        using var booting = await host.Rest.GetAsync("/health");
        var body = await booting.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, booting.StatusCode);
        Assert.Equal("booting", body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("phase").GetString()));
        Assert.Contains("no-cache", booting.Headers.CacheControl!.ToString());
        await ProbeAnswer.AssertOneBodyAndHeadAsync(host.Options.Listeners.RestPort, "/health", 503);

        await host.WaitForBootAsync();

        foreach (var path in new[] { "/health", "/agents/test-agent/health", "/ready", "/agents/test-agent/ready" })
        {
            using var ready = await host.Rest.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        using var doubled = await host.Rest.GetAsync("/agents/test-agent/agents/test-agent/health");
        Assert.Equal(HttpStatusCode.NotFound, doubled.StatusCode);
    }

    [Fact]
    public async Task Ready_AfterBoot_ListsEveryCheck()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir) });
        await host.WaitForBootAsync();

        var body = await host.Rest.GetFromJsonAsync<JsonElement>("/ready");

        var checks = body.GetProperty("checks").EnumerateObject().Select(c => c.Name).ToArray();
        Assert.Equal(["config", "package", "manifest", "install", "worker", "rest", "a2a", "ui"], checks);
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("manifest").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_BootFailed_Answers503WithError()
    {
        using var dir = new TempDirectory();
        var package = Path.GetDirectoryName(dir.Write("pkg/readme.txt", "no manifest here"))!;
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.BootFailureBackoffSec] = "30",
        });

        var snapshot = await host.WaitForBootAsync();
        var (status, body) = await host.GetJsonAsync("/health");

        Assert.Equal(65, snapshot.ExitCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Contains("agent.yaml", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Live_WhileBooting_Answers200()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir),
            [EnvNames.DebugBootDelayMs] = "3000",
        });

        using var response = await host.Rest.GetAsync("/live");
        var (readyStatus, ready) = await host.GetJsonAsync("/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("""{"status":"alive"}""", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoStore);
        // Asked after /live: still booting then means /live answered 200 while booting.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal("booting", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Probes_AnswerWithContentLength_AndHeadWithoutTheBody()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir) });
        await host.WaitForBootAsync();
        var port = host.Options.Listeners.RestPort;

        foreach (var path in new[] { "/live", "/health", "/ready" })
        {
            await ProbeAnswer.AssertOneBodyAndHeadAsync(port, path, 200);
        }
    }
}
