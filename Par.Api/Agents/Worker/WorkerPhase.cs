using Par.Api.Agents.Manifest;
using Par.Api.Config;
using Par.Api.Lifecycle;

namespace Par.Api.Agents.Worker;

/// <summary>The worker phase: the agent's handlers loaded in the worker process, or exit 70 with the Python error.</summary>
internal sealed class WorkerPhase(ParOptions options, WorkerLauncher launcher, WorkerSupervisor supervisor, RunningAgent agent, BootState state) : IBootPhase
{
    public string Name => "worker";

    public int Order => 600;

    public BootCheck Check => AgentChecks.Worker;

    /// <summary>A package with only a UI has no Python to run.</summary>
    public static bool NeedsWorker(AgentManifest manifest) =>
        manifest.Entrypoint is not null || manifest.DeclaresRest || manifest.DeclaresA2a;

    public async Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        var manifest = agent.Manifest!;
        if (!NeedsWorker(manifest))
        {
            state.SetCheck(AgentChecks.Worker, CheckState.Skipped);
            return;
        }

        var environment = EnvironmentExpander.Expand(manifest.Environment, WithheldEnvironment.ForWorker(EnvSnapshot.Inherited()));
        var spec = WorkerSpec.From(manifest, context.PackageDirectory!, options.Listeners.BasePath, environment);
        var worker = await launcher.StartAsync(context.PythonExecutable!, spec, cancellationToken);
        agent.WorkerStarted(worker);
        supervisor.Watch(worker);
        state.SetCheck(AgentChecks.Worker, CheckState.Ok);
    }
}
