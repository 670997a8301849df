using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Worker;

/// <summary>Agent code that cannot load ends the boot with exit 70 and the Python error, before readiness.</summary>
public sealed class WorkerLoadFailureTests
{
    [Fact]
    public async Task Worker_HandlerModuleRaisesAtImport_Exits70WithPythonErrorInLog()
    {
        using var dir = new TempDirectory();
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("broken-import"),
            ("agent_main.py", "import os\nraise RuntimeError('AGENT_DB_URL is required at import')\n"));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = package });

        var snapshot = await host.WaitForBootAsync();

        Assert.Equal(70, snapshot.ExitCode);
        Assert.Equal(70, host.Exit.Code);
        Assert.Contains("RuntimeError: AGENT_DB_URL is required at import", snapshot.Error);
        var loadFailed = Assert.Single(host.Logs.Named("agent.load_failed"));
        Assert.Contains("Traceback (most recent call last)", loadFailed.Text);
        Assert.Contains("agent_main.py\", line 2", loadFailed.Text);
        Assert.Contains(host.Logs.Named("boot.failed"), e => e.Text.Contains("AGENT_DB_URL is required at import", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worker_A2aServiceReturnsUnusableValue_Exits70WithPythonErrorInLog()
    {
        using var dir = new TempDirectory();
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("unusable-service"),
            ("agent_main.py", "def create_service():\n    return 42\n"));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = package });

        var snapshot = await host.WaitForBootAsync();

        Assert.Equal(70, snapshot.ExitCode);
        Assert.Contains("a2a factory 'agent_main:create_service' returned 42 (int)", snapshot.Error);
        Assert.Contains("custom_handlers", snapshot.Error);
        Assert.Contains(host.Logs.Named("agent.load_failed"), e => e.Text.Contains("returned 42 (int)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worker_A2aServiceRaises_Exits70WithTracebackOfTheAgentCode()
    {
        using var dir = new TempDirectory();
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("raising-service"),
            ("agent_main.py", "def create_service():\n    return {'custom_handlers': {'x': 1 / 0}}\n"));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = package });

        var snapshot = await host.WaitForBootAsync();

        Assert.Equal(70, snapshot.ExitCode);
        Assert.Contains("ZeroDivisionError: division by zero", snapshot.Error);
        Assert.Contains("in create_service", snapshot.Error);
    }
}
