using Par.Api.Lifecycle.Boot;
using Par.Api.Packages.Download;
using Par.Api.Packages.Sources;
using Par.Api.Tests.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages.Download;

/// <summary>The bytes of a download as the boot step shows them, read by the body's own reads, with and without a declared length.</summary>
public sealed class DownloadProgressTests
{
    private const int Chunk = 64 * 1024;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Copy_EachRead_StepShowsTheBytesBeforeIt_AndTheTotalWhenDeclared(bool declared)
    {
        var state = new BootState([]);
        var seen = new List<StepProgress?>();
        var guard = new DownloadGuard(ConfigTestEnv.Load().Options!, TimeProvider.System, new CapturedLogs().CreateLogger<DownloadGuard>());
        using var step = new BootSteps(state, TimeProvider.System).Begin(DownloadProgress.StepName);
        await using var source = new PackageStream(new ChunkedStream(reads: 3, Chunk, () => seen.Add(state.Current.Step?.Progress)), declared ? 3 * Chunk : null);

        await guard.CopyAsync(source, destination: null, step, CancellationToken.None);

        Assert.Null(seen[0]);
        var bytes = seen.Skip(1).Select(p => p!.Counts.Single(c => c.Key == "bytes").Value);
        Assert.Equal([Chunk, 2L * Chunk, 3L * Chunk], bytes);
        var totals = seen.Skip(1).Select(p => p!.Counts.Where(c => c.Key == "total").Select(c => c.Value).SingleOrDefault(-1));
        Assert.All(totals, t => Assert.Equal(declared ? 3L * Chunk : -1, t));
    }
}
