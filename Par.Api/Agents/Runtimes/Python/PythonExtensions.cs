using Par.Api.Lifecycle.Shutdown;

namespace Par.Api.Agents.Runtimes.Python;

internal static class PythonExtensions
{
    /// <summary>The Python runtime, with the head start begun before the host's construction (AgentsExtensions.BeginHeadStart).</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="headStart">The head start; the container disposes it.</param>
    public static IServiceCollection AddPythonRuntime(this IServiceCollection services, PythonHeadStart headStart)
    {
        // A factory registration, so that the container disposes it (stopping a standby worker nobody took).
        services.AddSingleton(_ => headStart);
        services.AddSingleton<VenvBuilder>();
        services.AddSingleton<PipInstaller>();
        services.AddSingleton<PythonInstall>();
        services.AddSingleton<WorkerLauncher>();
        services.AddSingleton<WorkerSupervisor>();
        services.AddSingleton<IAgentRuntime, PythonRuntime>();
        services.AddSingleton<ICleanupStep, HeadStartCleanup>();
        return services;
    }
}
