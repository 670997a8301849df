using Par.Api.Config;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// Installs the package's dependencies into its venv only, with the wheelhouse rules of SPEC §5. pip's own
/// settings (PIP_INDEX_URL, PIP_RETRIES, pip.conf) are honoured; INSTALL_TIMEOUT_SEC bounds the whole run. While it
/// runs, /ready shows the "pip install" step with the counts read from pip's lines (<see cref="PipProgress"/>).
/// </summary>
internal sealed class PipInstaller(ParOptions options, BootSteps steps, TimeProvider time, ILogger<PipInstaller> logger)
{
    /// <summary>Runs pip with the arguments from <see cref="WheelhouseArguments"/>, checked before the venv was built.</summary>
    public async Task InstallAsync(
        string venv, Dependencies dependencies, IReadOnlyList<string> wheelhouseArguments, string packageDirectory, CancellationToken cancellationToken)
    {
        var python = options.Python;
        List<string> arguments = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--no-cache-dir"];
        arguments.AddRange(wheelhouseArguments);
        arguments.AddRange(dependencies.InstallArguments());
        PythonLog.InstallStarted(logger, dependencies.Path!, arguments);
        var started = time.GetTimestamp();
        var environment = new Dictionary<string, string> { ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1", ["PIP_NO_INPUT"] = "1" };
        // pip runs what the package's requirements say: none of PAR's credentials reach it, and its lines are masked.
        var inherited = EnvSnapshot.Inherited();
        var mask = WithheldEnvironment.Masker(inherited);
        // stdout and stderr lines arrive on two threads.
        var progress = PipProgress.None;
        var gate = new Lock();
        PipProgress Current()
        {
            lock (gate)
            {
                return progress;
            }
        }

        using var step = steps.Begin(PipProgress.StepName, InstallStepLog.PipHeartbeat(logger, Current));
        void OnLine(string line)
        {
            var masked = mask(line);
            PythonLog.InstallOutput(logger, masked);
            lock (gate)
            {
                progress = progress.Read(masked);
                step.Report(progress.ToStep());
            }
        }

        var outcome = await ProcessRunner.RunAsync(
            VenvBuilder.Interpreter(venv), arguments, python.InstallTimeout, OnLine,
            cancellationToken, environment, packageDirectory, WithheldEnvironment.Names(inherited, WithheldEnvironment.FromPip));
        InstallStepLog.Completed(logger, step, Current());
        if (outcome.TimedOut)
        {
            throw VenvBuilder.Failure($"dependency install exceeded INSTALL_TIMEOUT_SEC={python.InstallTimeout.TotalSeconds:0} and was killed");
        }

        if (outcome.ExitCode != 0)
        {
            throw VenvBuilder.Failure($"pip install failed (exit {outcome.ExitCode}): {mask(ErrorLines(outcome.Output))}");
        }

        PythonLog.InstallCompleted(logger, Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 2));
    }

    /// <summary>
    /// --find-links (and --no-index when offline) for WHEELHOUSE_DIR. A missing or unreadable wheelhouse is a warning,
    /// or, offline, a failure: checked before the venv is built, so a misconfigured container fails in milliseconds.
    /// </summary>
    public IReadOnlyList<string> WheelhouseArguments()
    {
        var python = options.Python;
        if (python.WheelhouseDir is not { } wheelhouse)
        {
            return [];
        }

        if (!Directory.Exists(wheelhouse) || !Wheelhouse.IsReadable(wheelhouse))
        {
            if (python.WheelhouseOffline)
            {
                throw VenvBuilder.Failure($"WHEELHOUSE_DIR {wheelhouse} is missing or unreadable and WHEELHOUSE_OFFLINE=true");
            }

            PythonLog.WheelhouseUnavailable(logger, wheelhouse);
            return [];
        }

        return python.WheelhouseOffline ? ["--find-links", wheelhouse, "--no-index"] : ["--find-links", wheelhouse];
    }

    /// <summary>pip's own error lines, else the last lines it wrote.</summary>
    private static string ErrorLines(IReadOnlyList<string> output)
    {
        var errors = output.Where(l => l.StartsWith("ERROR:", StringComparison.Ordinal)).ToList();
        return string.Join(" | ", errors.Count > 0 ? errors : output.TakeLast(5));
    }
}
