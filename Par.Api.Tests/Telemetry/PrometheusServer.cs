using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Telemetry;

/// <summary>
/// A real Prometheus (Debian's package, installed by scripts/setup-test-deps.sh) on a free loopback port, with its own
/// configuration and TSDB in a temporary directory, scraping one target every second.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("par-prometheus");
    private readonly Process _process;
    private readonly HttpClient _api;

    private PrometheusServer(string target)
    {
        var port = TestPorts.Next();
        var config = _dir.Write("prometheus.yml", $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: par
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target}"]

            """);
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--config.file=" + config, "--storage.tsdb.path=" + _dir.Combine("data"),
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (Log) { Log.Add(e.Data); } } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public List<string> Log { get; } = [];

    public static PrometheusServer Start(string target) => new(target);

    /// <summary>The value of an instant query's single series, or null while it has none.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        try
        {
            using var response = await _api.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var result = body.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 1
                ? double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)
                : null;
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    /// <summary>
    /// Polls the query until it returns the expected value (a scrape after the requests has to happen first); fails
    /// with the last value seen when it does not within the deadline.
    /// </summary>
    public async Task AssertEventuallyAsync(string promql, double expected, TimeSpan? deadline = null)
    {
        double? last = null;
        await Poll.UntilAsync(async () => (last = await QueryAsync(promql)) == expected, deadline ?? TimeSpan.FromSeconds(60),
            $"{promql} is {expected.ToString(CultureInfo.InvariantCulture)}", () =>
            {
                lock (Log)
                {
                    return $"{last?.ToString(CultureInfo.InvariantCulture) ?? "no series"}; prometheus said:\n{string.Join("\n", Log.TakeLast(10))}";
                }
            });
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _dir.Dispose();
    }
}
