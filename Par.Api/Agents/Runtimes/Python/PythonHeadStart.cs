using Par.Api.Config;
using Par.Api.Lifecycle.Exit;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// The Python half of a boot, begun while the .NET host is still starting instead of after it: the bare venv a
/// package without dependencies gets (when its place is known before the package is), then a worker interpreter that
/// has imported its modules and waits on stdin for its spec. No agent code runs before the worker phase hands that
/// spec over, after the package was verified. The install and worker phases take what matches their own decisions
/// and discard the rest, so a boot that cannot use the head start runs as it would have without one.
/// </summary>
internal sealed class PythonHeadStart : IAsyncDisposable
{
    private readonly CancellationTokenSource _discarded = new();
    private readonly string? _venvToCreate;
    private readonly Task<EarlyVenv?> _venv;
    private readonly Task<AgentWorkerProcess?> _worker;
    private int _venvTaken;
    private int _workerTaken;

    private PythonHeadStart(ParOptions options, HeadStartPlan? plan)
    {
        var token = _discarded.Token;
        _venvToCreate = plan is { CreateVenv: true } ? plan.Venv : null;
        // Begun on the calling thread, before the host's construction takes it: a bare venv is a few files and the
        // interpreter starts at once (on a busy machine a thread-pool hop let the host's construction go first, and
        // the interpreter started 80-190 ms after PAR). Only a venv to delete first, which may be large, goes to the
        // thread pool; the worker then starts when its venv is made.
        _venv = _venvToCreate switch
        {
            null => Task.FromResult<EarlyVenv?>(null),
            var venv when Directory.Exists(venv) => Task.Run(() => CreateVenvAsync(options.Python, venv, token)),
            var venv => CreateVenvAsync(options.Python, venv, token),
        };
        _worker = plan is null ? Task.FromResult<AgentWorkerProcess?>(null) : StartWorkerAsync(plan.Venv, options.Lifecycle.WorkDir, token);
    }

    /// <summary>Starts what can be known from the configuration alone.</summary>
    public static PythonHeadStart Begin(ParOptions options) => new(options, Plan(options));

    /// <summary>
    /// The venv made early at <paramref name="venv"/>, or its creation's failure (the same the install phase would meet);
    /// null when the head start made none there. Waits for a creation still running.
    /// </summary>
    public async Task<EarlyVenv?> TakeVenvAsync(string venv, CancellationToken cancellationToken)
    {
        if (venv != _venvToCreate || Interlocked.Exchange(ref _venvTaken, 1) != 0)
        {
            return null;
        }

        return await _venv.WaitAsync(cancellationToken);
    }

    /// <summary>The standby worker when it runs in <paramref name="python"/> and is alive; otherwise it is stopped and null returned.</summary>
    public async Task<AgentWorkerProcess?> TakeWorkerAsync(string python, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _workerTaken, 1) != 0)
        {
            return null;
        }

        AgentWorkerProcess? worker;
        try
        {
            worker = await _worker.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _ = StopWhenStartedAsync();
            throw;
        }

        if (worker is null || (worker.Interpreter == python && !worker.Exited.IsCompleted))
        {
            return worker;
        }

        await worker.DisposeAsync();
        return null;
    }

    /// <summary>Stops whatever was not taken: a venv creation still running (and the venv it made), the standby worker.</summary>
    public async Task DiscardAsync()
    {
        await _discarded.CancelAsync();
        await _venv; // a creation still running is killed: nothing writes into PAR_WORK_DIR after this
        if (Interlocked.Exchange(ref _venvTaken, 1) == 0 && _venvToCreate is { } venv)
        {
            try
            {
                if (Directory.Exists(venv))
                {
                    Directory.Delete(venv, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The install phase replaces it, and the cleanup at shutdown empties PAR_WORK_DIR.
            }
        }

        if (Interlocked.Exchange(ref _workerTaken, 1) == 0)
        {
            await StopWhenStartedAsync();
        }
    }

    public async ValueTask DisposeAsync() => await DiscardAsync();

    /// <summary>The venv the install phase will use, when that is known before the package is; null when it is not.</summary>
    private static HeadStartPlan? Plan(ParOptions options)
    {
        if (WorkerFiles.For(options.Lifecycle.WorkDir).SocketTooLong)
        {
            return null; // the worker phase says why
        }

        var isDirectory = options.Package.Location.IsLocalDirectory();
        var sha256 = isDirectory ? null : options.Package.Sha256;
        if (!isDirectory && sha256 is null && options.Lifecycle.CacheDir is not null)
        {
            return null; // the cached venv is keyed by a checksum known only after the fetch
        }

        var (venv, cached) = VenvBuilder.Locate(options.Lifecycle, sha256);
        if (!cached)
        {
            return new HeadStartPlan(venv, CreateVenv: true);
        }

        return VenvBuilder.IsComplete(venv) ? new HeadStartPlan(venv, CreateVenv: false) : null;
    }

    private static async Task<EarlyVenv?> CreateVenvAsync(PythonOptions python, string venv, CancellationToken cancellationToken)
    {
        List<string> output = [];
        void Collect(string line)
        {
            lock (output)
            {
                output.Add(line);
            }
        }

        try
        {
            var created = await VenvBuilder.CreateUnloggedAsync(python, venv, withPip: false, Collect, cancellationToken);
            return new EarlyVenv(created, null, output);
        }
        catch (BootFailureException failure)
        {
            return new EarlyVenv(null, failure, output);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or UnauthorizedAccessException)
        {
            return null; // discarded, or a file system problem the install phase meets again and reports
        }
    }

    /// <summary>The standby worker; the worker phase deletes any old status file before it hands over the spec.</summary>
    private async Task<AgentWorkerProcess?> StartWorkerAsync(string venv, string workDir, CancellationToken cancellationToken)
    {
        if (_venvToCreate is not null && await _venv is not { Created: not null })
        {
            return null;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        try
        {
            var files = WorkerFiles.In(workDir);
            var info = WorkerLauncher.StartInfo(VenvBuilder.Interpreter(venv), files, specArgument: "-");
            return AgentWorkerProcess.StartStandby(info, files.Socket);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            return null; // the worker phase starts one the usual way and reports what fails
        }
    }

    private async Task StopWhenStartedAsync()
    {
        if (await _worker is { } worker)
        {
            await worker.DisposeAsync();
        }
    }

    private sealed record HeadStartPlan(string Venv, bool CreateVenv);
}

/// <summary>A venv created by the head start, or the failure its creation met, with the lines it wrote.</summary>
internal sealed record EarlyVenv(VenvCreation? Created, BootFailureException? Failure, IReadOnlyList<string> Output);
