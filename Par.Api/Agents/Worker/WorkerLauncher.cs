using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Par.Api.Config;
using Par.Api.Lifecycle;

namespace Par.Api.Agents.Worker;

/// <summary>Starts the worker with the venv's interpreter and waits for its verdict: loaded, or the import error.</summary>
internal sealed class WorkerLauncher(ParOptions options, ILogger<AgentWorkerProcess> logger)
{
    private const int MaxSocketPath = 107;

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Worker", "par_worker.py");

    public async Task<AgentWorkerProcess> StartAsync(string python, WorkerSpec spec, CancellationToken cancellationToken)
    {
        var workDir = options.Lifecycle.WorkDir;
        Directory.CreateDirectory(workDir);
        var socket = Path.Combine(workDir, "worker.sock");
        var statusFile = Path.Combine(workDir, "worker-status.json");
        var specFile = Path.Combine(workDir, "worker-spec.json");
        if (socket.Length > MaxSocketPath)
        {
            throw Failure($"the worker socket path {socket} is longer than {MaxSocketPath} bytes: use a shorter PAR_WORK_DIR");
        }

        File.Delete(statusFile);
        await File.WriteAllTextAsync(specFile, spec.ToJson(), cancellationToken);
        var info = new ProcessStartInfo(python) { WorkingDirectory = spec.PackageDir };
        foreach (var argument in new[] { "-u", ScriptPath, "--spec", specFile, "--socket", socket, "--status-file", statusFile })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PYTHONUNBUFFERED"] = "1";
        // No bytecode is written: a package directory used in place may be read-only, and stays clean. (A pycache
        // prefix would do that too, but it also moves the lookup of the standard library's own bytecode, so every
        // start recompiled asyncio and the rest: ~0.4 s of each boot.)
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        info.Environment["VIRTUAL_ENV"] = Path.GetDirectoryName(Path.GetDirectoryName(python))!;
        AgentWorkerProcess worker;
        try
        {
            worker = AgentWorkerProcess.Start(info, socket, logger);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw Failure($"cannot start the agent worker with {python}: {e.Message}");
        }

        var status = await WaitForStatusAsync(worker, statusFile, cancellationToken);
        if (status.State != "loaded")
        {
            await worker.DisposeAsync();
            WorkerLog.LoadFailed(logger, status.Error ?? "unknown error", status.Traceback);
            throw Failure($"{status.Error}{LastLines(status.Traceback)}");
        }

        worker.Loaded(status);
        WorkerLog.Loaded(logger, worker.Pid, worker.Actions.Count, worker.HasAsgi, worker.Actions);
        return worker;
    }

    private static async Task<WorkerStatus> WaitForStatusAsync(AgentWorkerProcess worker, string statusFile, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (File.Exists(statusFile))
                {
                    return JsonSerializer.Deserialize(await File.ReadAllTextAsync(statusFile, cancellationToken), WorkerJson.Default.WorkerStatus)!;
                }

                if (worker.Exited.IsCompleted)
                {
                    var code = await worker.Exited;
                    throw Failure($"the agent worker exited with code {code} before loading: {worker.RecentErrors}");
                }

                await Task.Delay(10, cancellationToken);
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

    private static BootFailureException Failure(string message) => new(ExitCodes.AgentFailed, "worker", message);
}
