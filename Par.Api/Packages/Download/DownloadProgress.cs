namespace Par.Api.Packages.Download;

/// <summary>Logs package.download.progress at most every two seconds, so long downloads show they are alive.</summary>
internal sealed class DownloadProgress(TimeProvider time, long? totalBytes, ILogger logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly long _started = time.GetTimestamp();
    private long _lastReport = time.GetTimestamp();

    public void Advance(long bytes)
    {
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
