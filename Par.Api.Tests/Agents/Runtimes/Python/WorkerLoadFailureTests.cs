using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>Agent code that cannot load ends the boot with exit 70 and the Python error, before readiness.</summary>
public sealed class WorkerLoadFailureTests
{
    [Fact]
    public async Task Worker_HandlerModuleRaisesAtImport_Exits70WithPythonErrorInLog()
    {
        await using var boot = await BootAsync("import os\nraise RuntimeError('AGENT_DB_URL is required at import')\n");

        Assert.Equal(70, boot.Snapshot.ExitCode);
        Assert.Equal(70, boot.Host.ExitCode);
        Assert.Contains("RuntimeError: AGENT_DB_URL is required at import", boot.Snapshot.Error);
        var loadFailed = Assert.Single(boot.Host.Logs.Named("agent.load_failed"));
        Assert.Contains("Traceback (most recent call last)", loadFailed.AllText);
        Assert.Contains("agent_main.py\", line 2", loadFailed.AllText);
        Assert.Contains(boot.Host.Logs.Named("boot.failed"), e => e.AllText.Contains("AGENT_DB_URL is required at import", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worker_A2aServiceReturnsUnusableValue_Exits70WithPythonErrorInLog()
    {
        await using var boot = await BootAsync("def create_service():\n    return 42\n");

        Assert.Equal(70, boot.Snapshot.ExitCode);
        Assert.Contains("a2a factory 'agent_main:create_service' returned 42 (int)", boot.Snapshot.Error);
        Assert.Contains("custom_handlers", boot.Snapshot.Error);
        Assert.Contains(boot.Host.Logs.Named("agent.load_failed"), e => e.AllText.Contains("returned 42 (int)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worker_A2aServiceRaises_Exits70WithTracebackOfTheAgentCode()
    {
        await using var boot = await BootAsync("def create_service():\n    return {'custom_handlers': {'x': 1 / 0}}\n");

        Assert.Equal(70, boot.Snapshot.ExitCode);
        Assert.Contains("ZeroDivisionError: division by zero", boot.Snapshot.Error);
        Assert.Contains("in create_service", boot.Snapshot.Error);
    }

    /// <summary>Boots a package whose A2A service is agent_main:create_service with the given source, until it ends.</summary>
    private static async Task<Boot> BootAsync(string agentMain)
    {
        var dir = new TempDirectory();
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("load-failure"), ("agent_main.py", agentMain));
        var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = package });
        return new Boot(dir, host, await host.WaitForBootAsync());
    }

    private sealed record Boot(TempDirectory Dir, ParTestHost Host, BootSnapshot Snapshot) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            Dir.Dispose();
        }
    }
}
