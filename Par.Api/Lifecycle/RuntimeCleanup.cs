using Microsoft.Extensions.Logging;
using Par.Api.Agents;
using Par.Api.Config;

namespace Par.Api.Lifecycle;

/// <summary>After the listeners have drained: stop the agent worker, then delete what PAR created in PAR_WORK_DIR.</summary>
internal sealed partial class RuntimeCleanup(
    BootContext context, PythonHeadStart headStart, ParOptions options, WorkDirOwnership ownership, ILogger<RuntimeCleanup> logger)
{
    private static readonly TimeSpan WorkerGrace = TimeSpan.FromSeconds(5);

    /// <summary>Stops the worker (SIGTERM, SIGKILL after 5 s, or at once when hurried) and deletes PAR's files.</summary>
    public async Task RunAsync(CancellationToken hurry)
    {
        // A boot that ended early may have left a venv being created or a standby worker nobody took.
        await headStart.DiscardAsync();
        if (context.Worker is { } worker)
        {
            await worker.StopAsync(hurry.IsCancellationRequested ? TimeSpan.Zero : WorkerGrace, hurry);
        }

        DeleteCreatedEntries();
    }

    private void DeleteCreatedEntries()
    {
        var workDir = new DirectoryInfo(options.Lifecycle.WorkDir);
        if (!workDir.Exists)
        {
            return;
        }

        var kept = 0;
        var failed = 0;
        foreach (var entry in workDir.EnumerateFileSystemInfos())
        {
            if (entry.Name == WorkDirOwnership.Marker)
            {
                continue; // deleted last: PAR's names left without it would make the next start refuse (78)
            }

            if (!ownership.Created(entry.Name) || IsOperatorOwned(entry.FullName))
            {
                kept++;
                continue;
            }

            try
            {
                if (entry is DirectoryInfo directory && directory.LinkTarget is null)
                {
                    directory.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed++;
                CleanupFailed(logger, entry.FullName, e.Message);
            }
        }

        var marker = new FileInfo(Path.Combine(workDir.FullName, WorkDirOwnership.Marker));
        if (failed > 0 || !marker.Exists || !ownership.Created(marker.Name))
        {
            kept += failed + (marker.Exists ? 1 : 0); // an entry of PAR's outlived the cleanup: the mark stays with it
        }
        else
        {
            try
            {
                marker.Delete();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                kept++;
                CleanupFailed(logger, marker.FullName, e.Message);
            }
        }

        if (!ownership.Existed && kept == 0)
        {
            try
            {
                workDir.Delete();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                CleanupFailed(logger, workDir.FullName, e.Message);
            }
        }
    }

    /// <summary>A package given by path, or the venv cache, may live inside PAR_WORK_DIR: those are not PAR's to delete.</summary>
    private bool IsOperatorOwned(string path)
    {
        string?[] kept = [options.Package.Location.Scheme == PackageScheme.File ? options.Package.Location.Value : null, options.Lifecycle.CacheDir];
        return kept.OfType<string>().Any(k => k == path || k.StartsWith(path + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    [LoggerMessage(EventId = 110, EventName = "runtime.cleanup_failed", Level = LogLevel.Warning, Message = "Could not delete {Path}: {Reason}")]
    private static partial void CleanupFailed(ILogger logger, string path, string reason);
}
