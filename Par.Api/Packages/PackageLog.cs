using Par.Api.Logging;

namespace Par.Api.Packages;

/// <summary>The package acquisition's log events. Sources arrive here already redacted (no query string, no user-info).</summary>
internal static partial class PackageLog
{
    [LoggerMessage(EventId = LogEvents.Packages.PackageDownloadStarted, EventName = "package.download.started", Level = LogLevel.Information,
        Message = "Downloading the package from {Source} (at most {MaxBytes} bytes, {MaxAttempts} attempts within {TimeoutSec} s)")]
    public static partial void Started(ILogger logger, string source, long maxBytes, int maxAttempts, double timeoutSec);

    [LoggerMessage(EventId = LogEvents.Packages.PackageDownloadProgress, EventName = "package.download.progress", Level = LogLevel.Information,
        Message = "Downloaded {Bytes} of {TotalBytes} bytes ({BytesPerSecond} bytes/s)")]
    public static partial void Progress(ILogger logger, long bytes, long? totalBytes, long bytesPerSecond);

    [LoggerMessage(EventId = LogEvents.Packages.PackageDownloadRetrying, EventName = "package.download.retrying", Level = LogLevel.Warning,
        Message = "Download attempt {Attempt} of {MaxAttempts} failed ({Reason}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, int attempt, int maxAttempts, double delayMs, string reason);

    [LoggerMessage(EventId = LogEvents.Packages.PackageDownloadCompleted, EventName = "package.download.completed", Level = LogLevel.Information,
        Message = "Downloaded {Bytes} bytes from {Source} in {DurationMs} ms (sha256 {Sha256})")]
    public static partial void Completed(ILogger logger, string source, long bytes, string sha256, double durationMs, int attempts);

    [LoggerMessage(EventId = LogEvents.Packages.PackageDownloadFailed, EventName = "package.download.failed", Level = LogLevel.Error,
        Message = "Package download from {Source} failed after {Attempts} attempt(s): {Reason}")]
    public static partial void Failed(ILogger logger, string source, int attempts, string reason, int exitCode);

    [LoggerMessage(EventId = LogEvents.Packages.PackageDownloadRedirected, EventName = "package.download.redirected", Level = LogLevel.Information,
        Message = "Redirect {Redirect} of at most {MaxRedirects}: following {Status} to {Target}")]
    public static partial void Redirected(ILogger logger, int redirect, int maxRedirects, int status, string target);

    [LoggerMessage(EventId = LogEvents.Packages.PackageLocalFile, EventName = "package.local.file", Level = LogLevel.Information,
        Message = "Using the package file {Path} in place ({Bytes} bytes, sha256 {Sha256})")]
    public static partial void LocalFile(ILogger logger, string path, long bytes, string sha256);

    [LoggerMessage(EventId = LogEvents.Packages.PackageLocalDirectory, EventName = "package.local.directory", Level = LogLevel.Information,
        Message = "Using the package directory {Path} in place")]
    public static partial void LocalDirectory(ILogger logger, string path);

    [LoggerMessage(EventId = LogEvents.Packages.PackageChecksumMismatch, EventName = "package.checksum.mismatch", Level = LogLevel.Error,
        Message = "The package from {Source} has SHA-256 {Actual}, expected {Expected}")]
    public static partial void ChecksumMismatch(ILogger logger, string source, string expected, string actual);
}
