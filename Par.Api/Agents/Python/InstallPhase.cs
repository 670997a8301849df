using Microsoft.Extensions.Logging;
using Par.Api.Agents.Worker;
using Par.Api.Config;
using Par.Api.Lifecycle;

namespace Par.Api.Agents.Python;

/// <summary>The install phase: the agent's venv (reused from PAR_CACHE_DIR when complete) and its dependencies.</summary>
internal sealed class InstallPhase(
    ParOptions options, VenvBuilder venvs, PipInstaller pip, PythonHeadStart headStart, RunningAgent agent, BootState state, ILogger<InstallPhase> logger) : IBootPhase
{
    private const long Mebibyte = 1024 * 1024;

    public string Name => "install";

    public int Order => 500;

    public BootCheck Check => AgentChecks.Install;

    public async Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        if (!WorkerPhase.NeedsWorker(agent.Manifest!))
        {
            // A package with only a UI runs no Python: no venv to build.
            await headStart.DiscardAsync();
            state.SetCheck(AgentChecks.Install, CheckState.Skipped);
            return;
        }

        var packageDirectory = context.PackageDirectory!;
        var dependencies = Dependencies.Find(packageDirectory);
        if (dependencies.ProjectWithoutDependencies)
        {
            PythonLog.ProjectWithoutDependencies(logger);
        }

        var (venv, cached) = venvs.Locate(context.PackageSha256);
        if (cached && VenvBuilder.IsComplete(venv))
        {
            PythonLog.VenvReused(logger, venv);
        }
        else if (dependencies.Kind == DependencyKind.None && await headStart.TakeVenvAsync(venv, cancellationToken) is { } early)
        {
            // The head start made this very venv (bare, no pip) while the host started.
            foreach (var line in early.Output)
            {
                PythonLog.InstallOutput(logger, line);
            }

            venvs.Report(early.Created ?? throw early.Failure!);
            PythonLog.InstallSkipped(logger);
            VenvBuilder.MarkComplete(venv);
        }
        else
        {
            await headStart.DiscardAsync();
            EnsureMemory(dependencies);
            var wheelhouse = dependencies.Kind == DependencyKind.None ? [] : pip.WheelhouseArguments();
            await venvs.CreateAsync(venv, withPip: dependencies.Kind != DependencyKind.None, cancellationToken);
            if (dependencies.Kind == DependencyKind.None)
            {
                PythonLog.InstallSkipped(logger);
            }
            else
            {
                await pip.InstallAsync(venv, dependencies, wheelhouse, packageDirectory, cancellationToken);
            }

            VenvBuilder.MarkComplete(venv);
        }

        context.PythonExecutable = VenvBuilder.Interpreter(venv);
        state.SetCheck(AgentChecks.Install, CheckState.Ok);
    }

    private void EnsureMemory(Dependencies dependencies)
    {
        var minimum = options.Python.MinFreeMemoryMb;
        if (minimum <= 0 || dependencies.Kind == DependencyKind.None)
        {
            return;
        }

        var available = ContainerMemory.Read().AvailableBytes;
        if (available is { } bytes && bytes < minimum * Mebibyte)
        {
            throw VenvBuilder.Failure($"only {bytes / Mebibyte} MiB of memory available, MIN_FREE_MEMORY_MB={minimum}: refusing to install dependencies");
        }
    }
}
