using System.Diagnostics;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Lifecycle.Exit;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// Starts the worker with the venv's interpreter (or adopts the one the head start has waiting) and waits for its
/// verdict: loaded, or the import error.
/// </summary>
internal sealed class WorkerLauncher(ParOptions options, PythonHeadStart headStart, ILogger<AgentWorkerProcess> logger)
{
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Worker", "par_worker.pyz");

    /// <summary>
    /// Starts worker <paramref name="index"/> of the pool on its own socket; only the first (index 0) may be the head
    /// start's standby worker.
    /// </summary>
    public async Task<AgentWorkerProcess> StartAsync(string python, WorkerSpec spec, CancellationToken cancellationToken, int index = 0)
    {
        var files = WorkerFiles.In(options.Lifecycle.WorkDir, index);
        if (files.SocketTooLong)
        {
            throw Failure($"the worker socket path {files.Socket} is longer than {WorkerFiles.MaxSocketPath} bytes: use a shorter PAR_WORK_DIR");
        }

        File.Delete(files.Status);
        await WriteSpecAsync(files.Spec, spec, cancellationToken);
        var standby = index == 0 ? await AdoptStandbyAsync(python, files.Spec, cancellationToken) : null;
        var worker = standby ?? StartNew(python, files, spec.PackageDir);
        var status = await WaitForStatusAsync(worker, files.Status, cancellationToken);
        if (status.State != "loaded")
        {
            await worker.DisposeAsync();
            WorkerLog.LoadFailed(logger, status.Error ?? "unknown error", status.Traceback);
            throw Failure($"{status.Error}{LastLines(status.Traceback)}");
        }

        worker.Loaded(status);
        WorkerLog.Loaded(logger, worker.Pid, worker.Actions.Count, worker.HasAsgi, worker.Actions);
        foreach (var warning in status.Warnings ?? [])
        {
            AgentLoadLog.Warning(logger, warning);
        }
        return worker;
    }

    /// <summary>
    /// The spec carries the manifest's expanded environment values: created 0600 (never chmod-ed after, which would
    /// leave a moment of 0644), replacing one an earlier start left.
    /// </summary>
    private static async Task WriteSpecAsync(string path, WorkerSpec spec, CancellationToken cancellationToken)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new FileStream(path, options);
        await using var writer = new StreamWriter(file);
        await writer.WriteAsync(spec.ToJson().AsMemory(), cancellationToken);
    }

    /// <summary>The head start's standby worker, given the spec; null when there is none for this interpreter or it is gone.</summary>
    private async Task<AgentWorkerProcess?> AdoptStandbyAsync(string python, string specFile, CancellationToken cancellationToken)
    {
        if (await headStart.TakeWorkerAsync(python, cancellationToken) is not { } standby)
        {
            return null;
        }

        if (!standby.TryAdopt(logger, specFile))
        {
            await standby.DisposeAsync();
            return null;
        }

        WorkerLog.HeadStart(logger, standby.Pid);
        return standby;
    }

    private AgentWorkerProcess StartNew(string python, WorkerFiles files, string packageDirectory)
    {
        var info = StartInfo(python, files, files.Spec);
        info.WorkingDirectory = packageDirectory;
        try
        {
            return AgentWorkerProcess.Start(info, files.Socket, logger);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw Failure($"cannot start the agent worker with {python}: {e.Message}");
        }
    }

    /// <summary>glibc's tunables the worker gets by default (mallopt's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD).</summary>
    public static readonly string[] MallocThresholds = ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"];

    public const string MallocThreshold = "65536";

    /// <summary>How the worker is started; <paramref name="specArgument"/> is the spec file, or "-" to read its path from stdin.</summary>
    public static ProcessStartInfo StartInfo(string python, WorkerFiles files, string specArgument)
    {
        var info = new ProcessStartInfo(python) { WorkingDirectory = Path.GetDirectoryName(files.Socket) };
        foreach (var argument in new[] { "-u", ScriptPath, "--spec", specArgument, "--socket", files.Socket, "--status-file", files.Status })
        {
            info.ArgumentList.Add(argument);
        }

        // PAR's credentials are not the agent's (SPEC §5): the same set the manifest's ${VAR} values expand against.
        info.Environment.Clear();
        foreach (var (name, value) in WithheldEnvironment.ForWorker(EnvSnapshot.Inherited()))
        {
            info.Environment[name] = value;
        }

        info.Environment["PYTHONUNBUFFERED"] = "1";
        // No bytecode is written: a package directory used in place may be read-only, and stays clean. (A pycache
        // prefix would do that too, but it also moves the lookup of the standard library's own bytecode, so every
        // start recompiled asyncio and the rest: ~0.4 s of each boot.)
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        info.Environment["VIRTUAL_ENV"] = Path.GetDirectoryName(Path.GetDirectoryName(python))!;
        // glibc's allocator, fixed thresholds unless the environment gives its own: blocks of 64 KiB and more are
        // mapped and unmapped, and a free heap top over 64 KiB goes back. Its default raises both as the process frees
        // large blocks, so a worker kept ~2 MiB of freed heap after a burst (bench/notes.md, issue 17).
        foreach (var name in MallocThresholds)
        {
            info.Environment.TryAdd(name, MallocThreshold);
        }

        return info;
    }

    /// <summary>How often the wait for the status file looks again when the worker writes nothing.</summary>
    public static readonly TimeSpan StatusPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The worker's status once it has written the file. The wait wakes on each line the worker writes (its "loaded"
    /// line follows the file) and else every <paramref name="poll"/> (<see cref="StatusPoll"/>): on the 10 ms poll
    /// alone, a native boot waited ~5 ms on average after the worker was ready.
    /// </summary>
    internal static async Task<WorkerStatus> WaitForStatusAsync(
        AgentWorkerProcess worker, string statusFile, CancellationToken cancellationToken, TimeSpan? poll = null)
    {
        try
        {
            while (true)
            {
                var output = worker.NextOutput; // before the checks: a line written after them still wakes the wait
                if (File.Exists(statusFile))
                {
                    return JsonSerializer.Deserialize(await File.ReadAllTextAsync(statusFile, cancellationToken), WorkerJson.Default.WorkerStatus)!;
                }

                if (worker.Exited.IsCompleted)
                {
                    var code = await worker.Exited;
                    throw Failure($"the agent worker exited with code {code} before loading: {worker.RecentErrors}");
                }

                await Task.WhenAny(output, worker.Exited, Task.Delay(poll ?? StatusPoll, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException)
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>The traceback's last lines (the ones that say what went wrong), for /health and the exit log.</summary>
    private static string LastLines(string? traceback) =>
        traceback is null ? string.Empty : "\n" + string.Join('\n', traceback.TrimEnd().Split('\n').TakeLast(6));

    private static BootFailureException Failure(string message) => new(ExitCodes.AgentFailed, AgentChecks.Worker, message);
}

/// <summary>The files the worker and PAR share under PAR_WORK_DIR.</summary>
internal sealed record WorkerFiles(string Socket, string Status, string Spec)
{
    /// <summary>sun_path holds 108 bytes including the terminating zero.</summary>
    public const int MaxSocketPath = 107;

    public bool SocketTooLong => Socket.Length > MaxSocketPath;

    /// <summary>The paths of pool worker <paramref name="index"/> under <paramref name="workDir"/> (worker.sock, worker-1.sock, ...); nothing is created.</summary>
    public static WorkerFiles For(string workDir, int index = 0)
    {
        var name = index == 0 ? "worker" : $"worker-{index}";
        return new(Path.Combine(workDir, name + ".sock"), Path.Combine(workDir, name + "-status.json"), Path.Combine(workDir, name + "-spec.json"));
    }

    /// <summary>The paths, with <paramref name="workDir"/> created when missing.</summary>
    public static WorkerFiles In(string workDir, int index = 0)
    {
        Directory.CreateDirectory(workDir);
        return For(workDir, index);
    }
}
