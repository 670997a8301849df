using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Packages.Sources;
using Polly.Timeout;

namespace Par.Api.Packages.Download;

/// <summary>A package file ready for the next phases: where it is, its SHA-256, and whether PAR downloaded it (and so deletes it).</summary>
internal sealed record FetchedPackage(string Path, string Sha256, long Bytes, bool Downloaded);

/// <summary>
/// Fetches the configured package through its source: remote packages are streamed to PAR_WORK_DIR under the retry
/// pipeline, local files are hashed in place. Any failure becomes a <see cref="BootFailureException"/> that names the
/// (redacted) source and the reason, and leaves no partial file behind.
/// </summary>
internal sealed class PackageDownloader(
    IEnumerable<IPackageSource> sources,
    DownloadGuard guard,
    ParOptions options,
    RetryTiming timing,
    BootSteps steps,
    TimeProvider time,
    ILogger<PackageDownloader> logger)
{
    public const string FileName = "package.apkg";

    private PackageOptions Package => options.Package;

    public async Task<FetchedPackage> FetchAsync(CancellationToken cancellationToken)
    {
        var location = Package.Location;
        var source = sources.First(s => s.Scheme == location.Scheme);
        var shown = Redaction.Url(location.Value);
        var attempts = 0;
        var started = time.GetTimestamp();
        FetchedPackage fetched;
        try
        {
            if (location.Scheme == PackageScheme.File)
            {
                attempts = 1;
                fetched = await HashInPlaceAsync(source, location, cancellationToken);
            }
            else
            {
                PackageLog.Started(logger, shown, Package.MaxPackageBytes, Package.DownloadMaxAttempts, Package.DownloadTimeout.TotalSeconds);
                var pipeline = DownloadPipeline.Create(Package, timing, time, logger);
                using var step = steps.Begin(DownloadProgress.StepName);
                fetched = await pipeline.ExecuteAsync(
                    async token =>
                    {
                        attempts++;
                        return await DownloadOnceAsync(source, location, step, token);
                    },
                    cancellationToken);
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(error, shown, attempts);
        }

        Verify(fetched, shown);
        Report(fetched, shown, attempts, time.GetElapsedTime(started));
        return fetched;
    }

    private async Task<FetchedPackage> HashInPlaceAsync(IPackageSource source, PackageLocation location, CancellationToken cancellationToken)
    {
        await using var opened = await source.OpenAsync(location, cancellationToken);
        var streamed = await guard.CopyAsync(opened, destination: null, step: null, cancellationToken);
        return new FetchedPackage(location.Value, streamed.Sha256, streamed.Bytes, Downloaded: false);
    }

    private async ValueTask<FetchedPackage> DownloadOnceAsync(
        IPackageSource source, PackageLocation location, StepReporter step, CancellationToken cancellationToken)
    {
        var workDir = Directory.CreateDirectory(options.Lifecycle.WorkDir).FullName;
        var partial = Path.Combine(workDir, $"{FileName}.{Guid.NewGuid():N}.partial");
        try
        {
            StreamedBytes streamed;
            await using (var opened = await source.OpenAsync(location, cancellationToken))
            {
                guard.CheckDeclaredLength(opened.Length);
                await using var file = new FileStream(partial, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    BufferSize = 0,
                    Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                });
                streamed = await guard.CopyAsync(opened, file, step, cancellationToken);
            }

            var final = Path.Combine(workDir, FileName);
            File.Move(partial, final, overwrite: true);
            return new FetchedPackage(final, streamed.Sha256, streamed.Bytes, Downloaded: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private void Verify(FetchedPackage fetched, string shown)
    {
        if (Package.Sha256 is not { } expected || string.Equals(expected, fetched.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (fetched.Downloaded)
        {
            File.Delete(fetched.Path);
        }

        PackageLog.ChecksumMismatch(logger, shown, expected, fetched.Sha256);
        throw new BootFailureException(ExitCodes.PackageInvalid, PackageChecks.Package,
            $"{EnvNames.PackageSha256} mismatch for {shown}: expected {expected}, got {fetched.Sha256}");
    }

    private void Report(FetchedPackage fetched, string shown, int attempts, TimeSpan duration)
    {
        if (fetched.Downloaded)
        {
            PackageLog.Completed(logger, shown, fetched.Bytes, fetched.Sha256, Math.Round(duration.TotalMilliseconds, 2), attempts);
        }
        else
        {
            PackageLog.LocalFile(logger, shown, fetched.Bytes, fetched.Sha256);
        }
    }

    private BootFailureException Fail(Exception error, string shown, int attempts)
    {
        var reason = error is TimeoutRejectedException
            ? $"gave up after {EnvNames.DownloadTimeoutSec}={Package.DownloadTimeout.TotalSeconds:0.###} s"
            : FetchFailures.Describe(error);
        var classified = FetchFailures.Classified(error);
        var exitCode = classified?.ExitCode ?? ExitCodes.FetchFailed;
        PackageLog.Failed(logger, shown, attempts, reason, exitCode);
        var tries = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
        // A classified failure says all there is to say; only a surprise keeps its stack trace for the log.
        return new BootFailureException(exitCode, PackageChecks.Package, $"could not fetch {shown} ({tries}): {reason}", classified is null ? error : null);
    }
}
