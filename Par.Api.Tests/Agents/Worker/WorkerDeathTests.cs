using System.Globalization;
using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Worker;

/// <summary>The worker is the agent: when it dies, PAR turns unready and exits 70 so the orchestrator restarts the task.</summary>
public sealed class WorkerDeathTests
{
    private const int Sigkill = 9;

    [Fact]
    public async Task Worker_KilledAfterReady_HealthTurns503AndParExits70()
    {
        using var work = new TempDirectory("par-work");
        var restPort = TestPorts.Next();
        await using var par = ParProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "sample",
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.RestPort] = restPort.ToString(CultureInfo.InvariantCulture),
            [EnvNames.A2aPort] = TestPorts.Next().ToString(CultureInfo.InvariantCulture),
            [EnvNames.ParWorkDir] = work.Path,
            [EnvNames.BootFailureBackoffSec] = "5",
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{restPort}") };

        await PollHealthAsync(client, par, body => body.GetProperty("status").GetString() == "ready");
        var workerPid = WorkerPid(par);
        Assert.Equal(0, Kill(workerPid, Sigkill));
        var failed = await PollHealthAsync(client, par, body => body.GetProperty("status").GetString() == "failed");
        var code = await par.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Contains("the agent worker exited unexpectedly with code 137 (SIGKILL", failed.Body.GetProperty("error").GetString());
        Assert.Equal(70, code);
        Assert.Contains("\"event\":\"agent.worker.exited\"", par.Stdout);
    }

    [Fact]
    public async Task Worker_ParKilled_WorkerDoesNotLingerAsAnOrphan()
    {
        using var work = new TempDirectory("par-work");
        var restPort = TestPorts.Next();
        await using var par = ParProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "sample",
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.RestPort] = restPort.ToString(CultureInfo.InvariantCulture),
            [EnvNames.A2aPort] = TestPorts.Next().ToString(CultureInfo.InvariantCulture),
            [EnvNames.ParWorkDir] = work.Path,
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{restPort}") };
        await PollHealthAsync(client, par, body => body.GetProperty("status").GetString() == "ready");
        var workerPid = WorkerPid(par);

        // SIGKILL: PAR gets no chance to stop its worker, and the pipes the worker writes its log to break.
        par.Signal(Sigkill);
        await par.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(await ExitsAsync(workerPid), $"the worker {workerPid} outlived PAR");
    }

    /// <summary>Whether the process ends (or is a zombie) within a bounded wait.</summary>
    private static async Task<bool> ExitsAsync(int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (!File.Exists($"/proc/{pid}/status") || File.ReadLines($"/proc/{pid}/status").Any(l => l.StartsWith("State:\tZ", StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(100);
        }

        Kill(pid, Sigkill);
        return false;
    }

    /// <summary>The worker's pid, from the agent.worker.started log event.</summary>
    private static int WorkerPid(ParProcess par)
    {
        var started = par.StdoutLines.First(l => l.Contains("\"event\":\"agent.worker.started\"", StringComparison.Ordinal));
        return JsonDocument.Parse(started).RootElement.GetProperty("pid").GetInt32();
    }

    /// <summary>Polls /health until its body satisfies the condition (bounded; a connection refused while starting is retried).</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PollHealthAsync(HttpClient client, ParProcess par, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (until(body))
                {
                    return (response.StatusCode, body);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"/health never reached the expected state. stdout:\n{par.Stdout}\nstderr:\n{par.Stderr}");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
