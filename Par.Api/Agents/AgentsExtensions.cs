using Par.Api.Agents.Manifest;
using Par.Api.Agents.Runtimes;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Shutdown;

namespace Par.Api.Agents;

internal static class AgentsExtensions
{
    /// <summary>
    /// What the agent's runtimes can begin from the configuration alone (the Python head start: its venv and a
    /// standby interpreter), started before the host is built so that it runs beside the host's construction.
    /// </summary>
    /// <param name="options">The valid configuration, with PAR_WORK_DIR already claimed.</param>
    public static AgentHeadStart BeginHeadStart(ParOptions options) => new(PythonHeadStart.Begin(options));

    /// <summary>The agent: its manifest, the runtimes that can run it, and the phases that install and start it.</summary>
    /// <param name="builder">The host's builder.</param>
    /// <param name="options">The valid configuration.</param>
    /// <param name="headStart">What <see cref="BeginHeadStart"/> began; the container owns it from here on.</param>
    public static IHostApplicationBuilder AddParAgents(this IHostApplicationBuilder builder, ParOptions options, AgentHeadStart headStart)
    {
        builder.Services.AddSingleton<RunningAgent>();
        builder.Services.AddSingleton<AgentInvoker>();
        builder.Services.AddSingleton<ICleanupStep, AgentCleanup>();
        builder.Services.AddBootPhase<ManifestPhase>();
        builder.Services.AddBootCheck(AgentChecks.Manifest);
        builder.Services.AddPythonRuntime(headStart.Python);
        builder.Services.AddBootPhase<InstallPhase>();
        builder.Services.AddBootCheck(AgentChecks.Install);
        builder.Services.AddBootPhase<WorkerPhase>();
        builder.Services.AddBootCheck(AgentChecks.Worker);
        return builder;
    }
}

/// <summary>The runtimes' head starts, begun before the host exists; discarded if the host is never built.</summary>
/// <param name="Python">The Python runtime's.</param>
internal sealed record AgentHeadStart(PythonHeadStart Python) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Python.DisposeAsync();
}
