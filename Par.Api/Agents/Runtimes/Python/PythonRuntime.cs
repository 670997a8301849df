using Par.Api.Agents.Manifest;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// The agent's Python code in a venv, run by the worker process (par_worker) and reached over its Unix socket
/// (<see cref="WorkerProtocol"/>). Holds the venv's interpreter between the install and worker phases.
/// </summary>
internal sealed class PythonRuntime(
    ParOptions options, PythonInstall install, PythonHeadStart headStart, WorkerLauncher launcher, WorkerSupervisor supervisor) : IAgentRuntime
{
    private string? _interpreter;

    /// <summary>The interpreter of the agent's venv, once prepared.</summary>
    public string? Interpreter => Volatile.Read(ref _interpreter);

    /// <summary>An entrypoint, a REST app or A2A handlers: Python code to run. A package with only a UI has none.</summary>
    public bool Handles(AgentManifest manifest) =>
        manifest.Entrypoint is not null || manifest.DeclaresRest || manifest.DeclaresA2a;

    public async Task PrepareAsync(AgentManifest manifest, BootContext context, CancellationToken cancellationToken) =>
        Volatile.Write(ref _interpreter, await install.RunAsync(context, cancellationToken));

    public async Task<IAgentWorker> StartAsync(AgentManifest manifest, BootContext context, CancellationToken cancellationToken)
    {
        var interpreter = Interpreter ?? throw new InvalidOperationException("the Python runtime was started before it was prepared");
        var environment = EnvironmentExpander.Expand(manifest.Environment, WithheldEnvironment.ForWorker(EnvSnapshot.Inherited()));
        var spec = WorkerSpec.From(manifest, context.PackageDirectory!, options.Listeners.BasePath, environment);
        var starts = Enumerable.Range(0, options.Agent.WorkerProcesses)
            .Select(index => launcher.StartAsync(interpreter, spec, cancellationToken, index))
            .ToArray();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            // One failed to load: the others that did are stopped, and the first failure is the boot's.
            await Task.WhenAll(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result.DisposeAsync().AsTask()));
            throw;
        }

        var pool = new WorkerPool(starts.Select(s => s.Result).ToArray());
        supervisor.Watch(pool, (index, token) => launcher.StartAsync(interpreter, spec, token, index));
        return pool;
    }

    public Task ReleaseAsync() => headStart.DiscardAsync();
}
