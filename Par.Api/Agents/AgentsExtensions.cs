using Par.Api.Agents.Python;
using Par.Api.Agents.Worker;
using Par.Api.Lifecycle;

namespace Par.Api.Agents;

internal static class AgentsExtensions
{
    /// <param name="headStart">Begun before the host was built, so that Python starts beside it.</param>
    public static IHostApplicationBuilder AddParAgents(this IHostApplicationBuilder builder, PythonHeadStart headStart)
    {
        // A factory registration, so that the container disposes it (stopping a standby worker nobody took).
        builder.Services.AddSingleton(_ => headStart);
        builder.Services.AddSingleton<RunningAgent>();
        builder.Services.AddSingleton<AgentInvoker>();
        builder.Services.AddSingleton<ICleanupStep, AgentCleanup>();
        builder.Services.AddBootPhase<ManifestPhase>();
        builder.Services.AddBootCheck(AgentChecks.Manifest);
        builder.Services.AddSingleton<VenvBuilder>();
        builder.Services.AddSingleton<PipInstaller>();
        builder.Services.AddBootPhase<InstallPhase>();
        builder.Services.AddBootCheck(AgentChecks.Install);
        builder.Services.AddSingleton<WorkerLauncher>();
        builder.Services.AddSingleton<WorkerSupervisor>();
        builder.Services.AddBootPhase<WorkerPhase>();
        builder.Services.AddBootCheck(AgentChecks.Worker);
        return builder;
    }
}
