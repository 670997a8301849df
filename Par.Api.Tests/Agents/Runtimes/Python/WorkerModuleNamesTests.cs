using Par.Api.Agents;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>
/// The worker runs from Worker/par_worker.pyz, whose modules live in the par_worker package: an agent with top-level
/// modules named like the worker's (server, loader, http11, asgi, control) loads and gets its own modules.
/// </summary>
public sealed class WorkerModuleNamesTests
{
    [Fact]
    public async Task Worker_AgentModulesNamedLikeTheWorkers_LoadAndAnswerFromTheAgentsOwnModules()
    {
        using var dir = new TempDirectory();
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("module-names"),
            ("agent_main.py", "import server, loader, http11\n\ndef create_service():\n    return {'custom_handlers': {'whose': lambda p: [server.WHOSE, loader.WHOSE, http11.WHOSE]}}\n"),
            ("server.py", "WHOSE = 'agent server'\n"),
            ("loader.py", "WHOSE = 'agent loader'\n"),
            ("http11.py", "WHOSE = 'agent http11'\n"),
            ("asgi.py", "raise ImportError('the worker imported the agent module asgi.py')\n"),
            ("control.py", "raise ImportError('the worker imported the agent module control.py')\n"));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = package });
        var snapshot = await host.WaitForBootAsync();
        var worker = host.Services.GetRequiredService<RunningAgent>().Worker!;

        var outcome = await worker.InvokeAsync("whose", "{}", CancellationToken.None);

        Assert.True(snapshot.IsReady, snapshot.Error);
        Assert.Equal(new ActionOutcome(true, """["agent server", "agent loader", "agent http11"]""", null), outcome);
    }
}
