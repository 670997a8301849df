using Microsoft.Extensions.Logging;

namespace Par.Api.Packages;

/// <summary>The package acquisition's log events. Sources arrive here already redacted (no query string, no user-info).</summary>
internal static partial class PackageLog
{
    [LoggerMessage(EventId = 200, EventName = "package.download.started", Level = LogLevel.Information,
        Message = "Downloading the package from {Source} (at most {MaxBytes} bytes, {MaxAttempts} attempts within {TimeoutSec} s)")]
    public static partial void Started(ILogger logger, string source, long maxBytes, int maxAttempts, double timeoutSec);

    [LoggerMessage(EventId = 201, EventName = "package.download.progress", Level = LogLevel.Information,
        Message = "Downloaded {Bytes} of {TotalBytes} bytes ({BytesPerSecond} bytes/s)")]
    public static partial void Progress(ILogger logger, long bytes, long? totalBytes, long bytesPerSecond);

    [LoggerMessage(EventId = 202, EventName = "package.download.retrying", Level = LogLevel.Warning,
        Message = "Download attempt {Attempt} of {MaxAttempts} failed ({Reason}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, int attempt, int maxAttempts, double delayMs, string reason);

    [LoggerMessage(EventId = 203, EventName = "package.download.completed", Level = LogLevel.Information,
        Message = "Downloaded {Bytes} bytes from {Source} in {DurationMs} ms (sha256 {Sha256})")]
    public static partial void Completed(ILogger logger, string source, long bytes, string sha256, double durationMs, int attempts);

    [LoggerMessage(EventId = 204, EventName = "package.download.failed", Level = LogLevel.Error,
        Message = "Package download from {Source} failed after {Attempts} attempt(s): {Reason}")]
    public static partial void Failed(ILogger logger, string source, int attempts, string reason, int exitCode);

    [LoggerMessage(EventId = 205, EventName = "package.download.redirected", Level = LogLevel.Information,
        Message = "Redirect {Redirect} of at most {MaxRedirects}: following {Status} to {Target}")]
    public static partial void Redirected(ILogger logger, int redirect, int maxRedirects, int status, string target);

    [LoggerMessage(EventId = 206, EventName = "package.local.file", Level = LogLevel.Information,
        Message = "Using the package file {Path} in place ({Bytes} bytes, sha256 {Sha256})")]
    public static partial void LocalFile(ILogger logger, string path, long bytes, string sha256);

    [LoggerMessage(EventId = 207, EventName = "package.local.directory", Level = LogLevel.Information,
        Message = "Using the package directory {Path} in place")]
    public static partial void LocalDirectory(ILogger logger, string path);

    [LoggerMessage(EventId = 208, EventName = "package.checksum.mismatch", Level = LogLevel.Error,
        Message = "The package from {Source} has SHA-256 {Actual}, expected {Expected}")]
    public static partial void ChecksumMismatch(ILogger logger, string source, string expected, string actual);
}
