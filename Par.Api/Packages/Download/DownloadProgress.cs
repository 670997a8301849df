using Par.Api.Lifecycle.Boot;

namespace Par.Api.Packages.Download;

/// <summary>
/// A download's bytes so far: shown by /ready as the step's progress (bytes, and total when the source declared a length)
/// as they arrive, and logged as package.download.progress at most every two seconds, so long downloads show they are alive.
/// </summary>
internal sealed class DownloadProgress(TimeProvider time, long? totalBytes, ILogger logger, StepReporter? step)
{
    /// <summary>The step's name in /ready while a remote package is streamed in.</summary>
    public const string StepName = "download";

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly long _started = time.GetTimestamp();
    private long _lastReport = time.GetTimestamp();

    public void Advance(long bytes)
    {
        step?.Report(new StepProgress(totalBytes is { } total ? [new("bytes", bytes), new("total", total)] : [new("bytes", bytes)]));
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(_lastReport, now) < Interval)
        {
            return;
        }

        _lastReport = now;
        var seconds = time.GetElapsedTime(_started, now).TotalSeconds;
        PackageLog.Progress(logger, bytes, totalBytes, (long)(bytes / seconds));
    }
}
