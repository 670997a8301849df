using Par.Api.Config;
using Par.Api.Logging;

namespace Par.Api.Lifecycle.Shutdown;

/// <summary>After the listeners have drained: the features' cleanup steps, then delete what PAR created in PAR_WORK_DIR.</summary>
internal sealed partial class RuntimeCleanup(
    IEnumerable<ICleanupStep> steps, ParOptions options, WorkDirOwnership ownership, ILogger<RuntimeCleanup> logger)
{
    private readonly ICleanupStep[] _steps = [.. steps.OrderBy(s => s.Order)];

    /// <summary>Runs every cleanup step (the agent's worker stops first) and deletes PAR's files.</summary>
    public async Task RunAsync(CancellationToken hurry)
    {
        foreach (var step in _steps)
        {
            await step.RunAsync(hurry);
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

    [LoggerMessage(EventId = LogEvents.Lifecycle.RuntimeCleanupFailed, EventName = "runtime.cleanup_failed", Level = LogLevel.Warning, Message = "Could not delete {Path}: {Reason}")]
    private static partial void CleanupFailed(ILogger logger, string path, string reason);
}
