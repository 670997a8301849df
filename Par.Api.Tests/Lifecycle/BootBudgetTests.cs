using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

public sealed class BootBudgetTests
{
    [Fact]
    public async Task BootOverBudget_LogsBudgetExceededWithPhaseTimingsAndStillBecomesReady()
    {
        using var dir = new TempDirectory();
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir),
            [EnvNames.BootBudgetMs] = "1",
            [EnvNames.ShutdownDelaySec] = "25",
            [EnvNames.GracefulShutdownTimeoutSec] = "10",
        });

        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await par.Process.WaitForOutputAsync("\"event\":\"boot.budget_exceeded\"", TimeSpan.FromSeconds(10));

        var events = par.Process.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var exceeded = Assert.Single(events, e => e.GetProperty("event").GetString() == "boot.budget_exceeded");
        Assert.True(exceeded.GetProperty("phases").TryGetProperty("manifest", out _));
        var loaded = Assert.Single(events, e => e.GetProperty("event").GetString() == "config.loaded");
        Assert.Equal("1", loaded.GetProperty("configuration").GetProperty("BOOT_BUDGET_MS").GetString());
        // One source with check-config: the warning config.loaded comes with is ConfigWarnings' own, word for word.
        var risk = Assert.Single(events, e => e.GetProperty("event").GetString() == "config.stop_timeout_risk");
        var expected = ConfigWarnings.For(ConfigLoader.Load(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "a",
            [EnvNames.AgentPackagePath] = dir.Path,
            [EnvNames.ShutdownDelaySec] = "25",
            [EnvNames.GracefulShutdownTimeoutSec] = "10",
        }).Options!);
        Assert.Equal(Assert.Single(expected).Message, risk.GetProperty("message").GetString());
    }

    [Fact]
    public async Task BootOverHardLimit_Exits75()
    {
        using var dir = new TempDirectory();
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir),
            [EnvNames.BootBudgetMs] = "200",
            [EnvNames.BootHardLimitMultiplier] = "2",
            [EnvNames.DebugBootDelayMs] = "60000",
        });

        await BootFailure.AssertExitAsync(par.Process, 75, inStdout: "BOOT_HARD_LIMIT_MULTIPLIER", timeout: TimeSpan.FromSeconds(30));
    }
}
