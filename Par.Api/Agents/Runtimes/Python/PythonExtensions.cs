using Par.Api.Config;
using Par.Api.Lifecycle.Shutdown;

namespace Par.Api.Agents.Runtimes.Python;

internal static class PythonExtensions
{
    /// <summary>The Python runtime. Its head start begins here, before the host is built, so that it runs beside it.</summary>
    public static IServiceCollection AddPythonRuntime(this IServiceCollection services, ParOptions options)
    {
        var headStart = PythonHeadStart.Begin(options);

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
