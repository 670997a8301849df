using Par.Api.Config;
using Par.Api.Lifecycle.Exit;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// Creates the agent's venv with PYTHON (a bare one, for a package without dependencies, written by
/// <see cref="BareVenv"/> when PYTHON is a plain CPython binary). Under PAR_CACHE_DIR it is keyed by the package's SHA-256 and marked
/// complete only after the install succeeded, so a half-built venv is never reused.
/// </summary>
internal sealed class VenvBuilder(ParOptions options, ILogger<VenvBuilder> logger)
{
    private const string CompleteMarker = ".par-complete";

    /// <summary>Where the venv for this package lives, and whether it is a cached one.</summary>
    public (string Path, bool Cached) Locate(string? packageSha256) => Locate(options.Lifecycle, packageSha256);

    public static (string Path, bool Cached) Locate(LifecycleOptions lifecycle, string? packageSha256) =>
        lifecycle.CacheDir is { } cache && packageSha256 is not null
            ? (System.IO.Path.Combine(cache, "venvs", packageSha256), true)
            : (System.IO.Path.Combine(lifecycle.WorkDir, "venv"), false);

    public static bool IsComplete(string venv) => File.Exists(System.IO.Path.Combine(venv, CompleteMarker)) && File.Exists(Interpreter(venv));

    public static string Interpreter(string venv) => System.IO.Path.Combine(venv, "bin", "python");

    public async Task CreateAsync(string venv, bool withPip, CancellationToken cancellationToken) =>
        Report(await CreateUnloggedAsync(options.Python, venv, withPip, line => PythonLog.InstallOutput(logger, line), cancellationToken));

    /// <summary>Logs a venv made by <see cref="CreateUnloggedAsync"/>.</summary>
    public void Report(VenvCreation created)
    {
        if (created.ReplacedExisting)
        {
            PythonLog.VenvDiscarded(logger, created.Path);
        }

        PythonLog.VenvCreated(logger, created.Path, created.Python, created.WithPip, created.DurationMs);
    }

    /// <summary>
    /// Creates the venv (replacing whatever is at its place) and says how it went instead of logging it, since the
    /// head start runs this before logging exists.
    /// </summary>
    public static async Task<VenvCreation> CreateUnloggedAsync(
        PythonOptions python, string venv, bool withPip, Action<string> onLine, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var replaced = Directory.Exists(venv);
        if (replaced)
        {
            Directory.Delete(venv, recursive: true);
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(venv)!);
        if (!withPip && WriteBare(python, venv))
        {
            return new VenvCreation(venv, python.Interpreter, withPip, replaced, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        }

        List<string> arguments = ["-m", "venv"];
        if (!withPip)
        {
            arguments.Add("--without-pip");
        }

        if (python.SystemSitePackages)
        {
            arguments.Add("--system-site-packages");
        }

        arguments.Add(venv);
        ProcessOutcome outcome;
        try
        {
            // INSTALL_TIMEOUT_SEC is pip's limit; creating the venv (seconds with ensurepip) is bounded by the boot's
            // own deadline, so a short install limit never fails here with a misleading reason.
            outcome = await ProcessRunner.RunAsync(python.Interpreter, arguments, Timeout.InfiniteTimeSpan, onLine, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw Failure($"PYTHON={python.Interpreter} cannot be started: {e.Message}");
        }

        if (outcome.ExitCode != 0)
        {
            throw Failure($"creating the venv with {python.Interpreter} failed (exit {outcome.ExitCode}): {string.Join(" | ", outcome.Output.TakeLast(5))}");
        }

        return new VenvCreation(venv, python.Interpreter, withPip, replaced, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    private static bool WriteBare(PythonOptions python, string venv)
    {
        try
        {
            return BareVenv.TryCreate(python, venv);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure($"creating the venv {venv} failed: {e.Message}");
        }
    }

    public static void MarkComplete(string venv) => File.WriteAllText(System.IO.Path.Combine(venv, CompleteMarker), DateTimeOffset.UtcNow.ToString("O"));

    public static BootFailureException Failure(string message) => new(ExitCodes.AgentFailed, AgentChecks.Install, message);
}

/// <summary>A venv that was created: where, with which interpreter, and how long it took.</summary>
internal sealed record VenvCreation(string Path, string Python, bool WithPip, bool ReplacedExisting, double DurationMs);
