using Par.Api.Config;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// Python's install: the agent's venv (reused from PAR_CACHE_DIR when complete) and its dependencies. Making the venv
/// is the step "create venv" in /ready; pip's is its own (<see cref="PipInstaller"/>).
/// </summary>
internal sealed class PythonInstall(
    ParOptions options, VenvBuilder venvs, PipInstaller pip, PythonHeadStart headStart, BootSteps steps, ILogger<PythonInstall> logger)
{
    private const long Mebibyte = 1024 * 1024;

    /// <summary>The step's name in /ready while the venv is made (or the head start's venv awaited).</summary>
    public const string VenvStep = "create venv";

    /// <summary>Makes the venv of the package in <paramref name="context"/> and returns its interpreter.</summary>
    public async Task<string> RunAsync(BootContext context, CancellationToken cancellationToken)
    {
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
        else if (dependencies.Kind == DependencyKind.None && await TakeHeadStartAsync(venv, cancellationToken) is { } early)
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
            using (var step = steps.Begin(VenvStep, InstallStepLog.VenvHeartbeat(logger, VenvStep)))
            {
                await venvs.CreateAsync(venv, withPip: dependencies.Kind != DependencyKind.None, cancellationToken);
                InstallStepLog.Completed(logger, step);
            }

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

        return VenvBuilder.Interpreter(venv);
    }

    /// <summary>The head start's venv, awaited as the venv step (it may still be in the making).</summary>
    private async Task<EarlyVenv?> TakeHeadStartAsync(string venv, CancellationToken cancellationToken)
    {
        using var step = steps.Begin(VenvStep, InstallStepLog.VenvHeartbeat(logger, VenvStep));
        var early = await headStart.TakeVenvAsync(venv, cancellationToken);
        if (early is not null)
        {
            InstallStepLog.Completed(logger, step);
        }

        return early;
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
