using System.IO.Compression;
using System.Net;
using Par.Api.Config;
using Par.Api.Tests.Agents;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages.Download;

/// <summary>
/// A real boot whose package download is held half-way by the server: /ready and /health name the step "download" with
/// the bytes so far and the declared total, and the step is gone once the download completes.
/// </summary>
public sealed class DownloadStepTests
{
    private const int Sent = 128 * 1024;

    [Fact]
    public async Task Download_HeldHalfWay_ReadyShowsBytesAndTotal_GoneOnceComplete()
    {
        using var dir = new TempDirectory();
        var package = File.ReadAllBytes(Package(dir));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await RawHttpsServer.StartAsync(async context =>
        {
            context.Response.ContentLength = package.Length;
            await context.Response.Body.WriteAsync(package.AsMemory(0, Sent), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.Body.WriteAsync(package.AsMemory(Sent), context.RequestAborted);
        });
        using var https = HttpsPackageServer.Start();
        await using var host = await ParTestHost.StartAsync(
            https.Environment("/unused", (EnvNames.PackageUrl, server.BaseUrl + "/held.apkg"), (EnvNames.DownloadTimeoutSec, "600")));

        var held = await Poll.ForAsync(
            async () => (await host.GetJsonAsync("/ready")).Body is var body
                && body.TryGetProperty("step", out var step) && step.GetString() == "download"
                && body.TryGetProperty("progress", out var progress) && progress.GetProperty("bytes").GetInt64() > 0
                    ? body
                    : (System.Text.Json.JsonElement?)null,
            TimeSpan.FromSeconds(60),
            "/ready shows the download's bytes",
            () => host.State.Current.Phase);
        var (healthStatus, health) = await host.GetJsonAsync("/health");
        release.SetResult();
        var snapshot = await host.WaitForBootAsync();

        Assert.Equal("fetch", held.GetProperty("phase").GetString());
        var bytes = held.GetProperty("progress").GetProperty("bytes").GetInt64();
        Assert.InRange(bytes, 1, Sent);
        Assert.Equal(package.Length, held.GetProperty("progress").GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthStatus);
        Assert.Equal("download", health.GetProperty("step").GetString());
        Assert.Equal(package.Length, health.GetProperty("progress").GetProperty("total").GetInt64());
        Assert.True(snapshot.IsReady, snapshot.Error);
        var (_, ready) = await host.GetJsonAsync("/ready");
        Assert.False(ready.TryGetProperty("step", out _));
        Assert.Equal(1, server.Requests);
    }

    /// <summary>An agent package of about 300 KiB (a stored, incompressible file beside the agent), so the body comes in parts.</summary>
    private static string Package(TempDirectory dir)
    {
        var source = AgentPackages.Write(dir, AgentPackages.A2aManifest("held-download"),
            ("agent_main.py", "def create_service():\n    return {'custom_handlers': {'ping': lambda params: 'pong'}}\n"));
        var zip = TestZips.FromDirectory(source, dir.Combine("held.apkg"));
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            using var padding = archive.CreateEntry("padding.bin", CompressionLevel.NoCompression).Open();
            padding.Write(TestZips.Incompressible(300 * 1024));
        }

        return zip;
    }
}
