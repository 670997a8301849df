using Par.Api.Agents.Manifest;
using Par.Api.Agents.Runtimes;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Shutdown;

namespace Par.Api.Agents;

internal static class AgentsExtensions
{
    /// <summary>The agent: its manifest, the runtimes that can run it, and the phases that install and start it.</summary>
    public static IHostApplicationBuilder AddParAgents(this IHostApplicationBuilder builder, ParOptions options)
    {
        builder.Services.AddSingleton<RunningAgent>();
        builder.Services.AddSingleton<AgentInvoker>();
        builder.Services.AddSingleton<ICleanupStep, AgentCleanup>();
        builder.Services.AddBootPhase<ManifestPhase>();
        builder.Services.AddBootCheck(AgentChecks.Manifest);
        builder.Services.AddPythonRuntime(options);
        builder.Services.AddBootPhase<InstallPhase>();
        builder.Services.AddBootCheck(AgentChecks.Install);
        builder.Services.AddBootPhase<WorkerPhase>();
        builder.Services.AddBootCheck(AgentChecks.Worker);
        return builder;
    }
}
