using System.Globalization;
using System.Net;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;
using Par.Api.Tests.Packages;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Par.Api.Tests.Telemetry;

/// <summary>
/// The worker-exit and download counters read back from GET /metrics of a real PAR process (its own meter, so the
/// figures are this test's alone): after a worker of two is killed, and after a download that needed a retry.
/// </summary>
public sealed class WorkerAndDownloadMetricsTests
{
    [Fact]
    public async Task WorkerKilled_OneOfTwo_WorkerExitsCountsOne()
    {
        using var dir = new TempDirectory();
        await using var par = RuntimeProcess.Start(RuntimeProcess.Defaults()
            .Package(TelemetryAgent.WithHandlers(dir, "ping"))
            .With(EnvNames.WorkerProcesses, 2));
        await par.WaitForAsync("/ready", (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(90));
        var before = await MetricAsync(par, "par_worker_exits_total");

        Assert.True(Signals.Send(await par.Process.WorkerPidAsync(), Signals.Kill));
        await par.Process.WaitForOutputAsync("\"event\":\"agent.worker.restarting\"", TimeSpan.FromSeconds(30));
        await par.WaitForAsync("/meta", (_, body) => body.GetProperty("workers").GetInt32() == 2, TimeSpan.FromSeconds(60));
        // The exporter may answer a scrape from its short cache: wait for the counter to appear, then read it exactly.
        var after = await Poll.ForAsync(() => MetricAsync(par, "par_worker_exits_total"), TimeSpan.FromSeconds(10), "the exit is exported");

        Assert.Null(before);
        Assert.Equal(1, after);
    }

    [Fact]
    public async Task Download_FirstAttempt503_RetriesCountOneAndBytesThePackage()
    {
        using var dir = new TempDirectory();
        var package = File.ReadAllBytes(TestZips.FromDirectory(TelemetryAgent.WithHandlers(dir, "ping"), dir.Combine("agent.apkg")));
        using var server = HttpsPackageServer.Start();
        var request = Request.Create().WithPath("/agent.apkg").UsingGet();
        server.Server.Given(request).InScenario("retry").WillSetStateTo("served").RespondWith(Response.Create().WithStatusCode(503));
        server.Server.Given(request).InScenario("retry").WhenStateIs("served").RespondWith(Response.Create().WithStatusCode(200).WithBody(package));
        await using var par = RuntimeProcess.Start(server.Environment("/agent.apkg"));

        await par.WaitForAsync("/ready", (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(90));

        Assert.Equal(2, server.Requests("/agent.apkg"));
        Assert.Equal(1, await MetricAsync(par, "par_package_download_retries_total"));
        Assert.Equal(package.Length, await MetricAsync(par, "par_package_download_bytes_total"));
    }

    /// <summary>The sum of the samples of <paramref name="name"/> in GET /metrics; null when it has none.</summary>
    private static async Task<double?> MetricAsync(RuntimeProcess par, string name)
    {
        var text = await par.Rest.GetStringAsync("/metrics");
        var samples = text.Split('\n')
            .Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
            // name{labels} value [timestamp]
            .Select(l => l[(l.StartsWith(name + "{", StringComparison.Ordinal) ? l.LastIndexOf('}') + 1 : name.Length)..].Trim().Split(' ')[0])
            .Select(value => double.Parse(value, CultureInfo.InvariantCulture))
            .ToList();
        return samples.Count == 0 ? null : samples.Sum();
    }
}
