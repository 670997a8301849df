using System.Buffers;
using System.Security.Cryptography;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Packages.Sources;
using Par.Api.Telemetry;

namespace Par.Api.Packages.Download;

internal sealed record StreamedBytes(long Bytes, string Sha256);

/// <summary>
/// The one pass over a package's bytes: enforces MAX_PACKAGE_SIZE_MB on the declared and the streamed length, hashes
/// SHA-256 and copies to the destination (if any) as the bytes go by, and reports progress.
/// </summary>
internal sealed class DownloadGuard(ParOptions options, TimeProvider time, ILogger<DownloadGuard> logger)
{
    private const int BufferSize = 256 * 1024;

    /// <summary>A read returns once this much has arrived, so a slow link still reports progress and hits the limit promptly.</summary>
    private const int MinimumRead = 64 * 1024;

    private long Limit => options.Package.MaxPackageBytes;

    /// <summary>Refuses a declared length over the limit before a single byte of the body is read.</summary>
    public void CheckDeclaredLength(long? declared)
    {
        if (declared > Limit)
        {
            throw TooLarge($"its declared length is {declared} bytes");
        }
    }

    /// <summary>
    /// Reads in chunks of 64-256 KiB and writes each chunk while the next one is read, so the disk never holds up the network;
    /// two buffers take turns, a buffer being reused only once its write has finished.
    /// </summary>
    /// <param name="source">The opened package body.</param>
    /// <param name="destination">Where the bytes go; null to hash only.</param>
    /// <param name="step">The boot step that shows the bytes so far in /ready; null for none.</param>
    /// <param name="cancellationToken">Ends the copy.</param>
    public async Task<StreamedBytes> CopyAsync(PackageStream source, Stream? destination, StepReporter? step, CancellationToken cancellationToken)
    {
        CheckDeclaredLength(source.Length);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var progress = new DownloadProgress(time, source.Length, logger, step);
        var current = ArrayPool<byte>.Shared.Rent(BufferSize);
        var next = ArrayPool<byte>.Shared.Rent(BufferSize);
        var writing = Task.CompletedTask;
        try
        {
            long total = 0;
            int read;
            while ((read = await source.Content.ReadAtLeastAsync(current.AsMemory(0, BufferSize), MinimumRead, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                total += read;
                if (total > Limit)
                {
                    throw TooLarge($"more than {Limit} bytes arrived");
                }

                sha256.AppendData(current, 0, read);
                await writing;
                writing = destination is null ? Task.CompletedTask : WriteAsync(destination, current.AsMemory(0, read), cancellationToken);
                (current, next) = (next, current);
                progress.Advance(total);
                ParMetrics.DownloadReceived(read);
            }

            await writing;
            if (source.Length is { } declared && declared != total)
            {
                throw PackageFetchException.Retryable($"the body ended after {total} of {declared} bytes");
            }

            return new StreamedBytes(total, Convert.ToHexStringLower(sha256.GetHashAndReset()));
        }
        finally
        {
            // A failed read must not hand back a buffer the disk is still writing from; the write's own error, if any, is moot.
            await writing.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static async Task WriteAsync(Stream destination, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await destination.WriteAsync(bytes, cancellationToken);
        }
        catch (IOException e)
        {
            // A full or read-only PAR_WORK_DIR does not heal between attempts.
            throw PackageFetchException.Permanent($"cannot write the package under {EnvNames.ParWorkDir}: {e.Message}", inner: e);
        }
    }

    private PackageFetchException TooLarge(string detail) => PackageFetchException.Permanent(
        $"the package is larger than {EnvNames.MaxPackageSizeMb}={Limit / (1024 * 1024)} ({Limit} bytes): {detail}",
        ExitCodes.PackageInvalid);
}
