using System.Globalization;
using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

/// <summary>A runtime child process with its own ports and work dir, and helpers to watch its health.</summary>
internal sealed class RuntimeProcess : IAsyncDisposable
{
    private RuntimeProcess(ParProcess process, int restPort, int a2aPort, string workDir)
    {
        Process = process;
        RestPort = restPort;
        A2aPort = a2aPort;
        WorkDir = workDir;
        Rest = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{restPort}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public ParProcess Process { get; }

    public int RestPort { get; }

    public int A2aPort { get; }

    public string WorkDir { get; }

    public HttpClient Rest { get; }

    public static RuntimeProcess Start(IDictionary<string, string?> environment, bool ownSession = false)
    {
        var rest = TestPorts.Next();
        var a2a = TestPorts.Next();
        var workDir = Path.Combine(Path.GetTempPath(), $"par-proc-{Guid.NewGuid():N}");
        var env = new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "proc-agent",
            [EnvNames.RestPort] = rest.ToString(CultureInfo.InvariantCulture),
            [EnvNames.A2aPort] = a2a.ToString(CultureInfo.InvariantCulture),
            [EnvNames.ParWorkDir] = workDir,
            [EnvNames.BootFailureBackoffSec] = "0",
        };
        foreach (var (key, value) in environment)
        {
            env[key] = value;
        }

        return new RuntimeProcess(ParProcess.Start(env, ownSession), rest, a2a, workDir);
    }

    /// <summary>Polls /health until it answers the expected status; fails if the process exits first.</summary>
    public async Task<string> WaitForHealthAsync(HttpStatusCode expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Rest.GetAsync("/health");
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode == expected)
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                if (Process.HasExited)
                {
                    break;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"/health never answered {(int)expected} (last: {last}). stdout:\n{Process.Stdout}\nstderr:\n{Process.Stderr}");
    }

    /// <summary>Polls <paramref name="path"/> until its status and JSON body satisfy the condition; returns them.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> WaitForAsync(string path, Func<HttpStatusCode, JsonElement, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline && !Process.HasExited)
        {
            try
            {
                using var response = await Rest.GetAsync(path);
                var text = await response.Content.ReadAsStringAsync();
                last = $"{(int)response.StatusCode} {text}";
                var body = JsonDocument.Parse(text).RootElement.Clone();
                if (until(response.StatusCode, body))
                {
                    return (response.StatusCode, body);
                }
            }
            catch (Exception e) when (e is HttpRequestException or JsonException)
            {
                // Not listening yet, or a body that is not JSON: try again.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{path} never reached the expected state (last: {last}). stdout:\n{Process.Stdout}\nstderr:\n{Process.Stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        Rest.Dispose();
        await Process.DisposeAsync();
        if (Directory.Exists(WorkDir))
        {
            Directory.Delete(WorkDir, recursive: true);
        }
    }
}
