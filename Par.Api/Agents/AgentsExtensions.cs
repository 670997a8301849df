using Par.Api.Agents.Python;
using Par.Api.Agents.Worker;
using Par.Api.Lifecycle;

namespace Par.Api.Agents;

internal static class AgentsExtensions
{
    public static IHostApplicationBuilder AddParAgents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IBootPhase, ManifestPhase>();
        builder.Services.AddSingleton<VenvBuilder>();
        builder.Services.AddSingleton<PipInstaller>();
        builder.Services.AddSingleton<IBootPhase, InstallPhase>();
        builder.Services.AddSingleton<WorkerLauncher>();
        builder.Services.AddSingleton<WorkerSupervisor>();
        builder.Services.AddSingleton<IBootPhase, WorkerPhase>();
        return builder;
    }
}
