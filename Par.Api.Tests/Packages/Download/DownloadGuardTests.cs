using Microsoft.Extensions.Time.Testing;
using Par.Api.Packages.Download;
using Par.Api.Packages.Sources;
using Par.Api.Tests.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages.Download;

public sealed class DownloadGuardTests
{
    [Fact]
    public async Task Progress_TenSecondDownload_ReportedEveryTwoSecondsAtMost()
    {
        var time = new FakeTimeProvider();
        var logs = new CapturedLogs();
        var guard = new DownloadGuard(ConfigTestEnv.Load().Options!, time, logs.CreateLogger<DownloadGuard>());
        // 40 reads of 64 KiB, each taking a quarter of a second: ten seconds in all.
        await using var source = new PackageStream(new ChunkedStream(reads: 40, chunk: 64 * 1024, () => time.Advance(TimeSpan.FromMilliseconds(250))), 40 * 64 * 1024);

        var streamed = await guard.CopyAsync(source, destination: null, step: null, CancellationToken.None);

        var progress = logs.Named("package.download.progress");
        Assert.Equal(40 * 64 * 1024, streamed.Bytes);
        Assert.Equal(5, progress.Count);
        Assert.All(progress, p => Assert.Equal(40L * 64 * 1024, p.Fields["TotalBytes"]));
        Assert.All(progress, p => Assert.Equal(256L * 1024, p.Fields["BytesPerSecond"]));
    }

    [Fact]
    public async Task Copy_BodyShorterThanDeclared_FailsAsTransient()
    {
        var guard = new DownloadGuard(ConfigTestEnv.Load().Options!, TimeProvider.System, new CapturedLogs().CreateLogger<DownloadGuard>());
        await using var source = new PackageStream(new MemoryStream(new byte[100]), 200);

        var failure = await Assert.ThrowsAsync<PackageFetchException>(() => guard.CopyAsync(source, null, null, CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.Contains("ended after 100 of 200 bytes", failure.Message);
    }
}
