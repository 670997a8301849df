using System.Globalization;
using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>The worker is the agent: when it dies, PAR turns unready and exits 70 so the orchestrator restarts the task.</summary>
public sealed class WorkerDeathTests
{
    private const int Sigkill = 9;

    [Fact]
    public async Task Worker_KilledAfterReady_HealthTurns503AndParExits70()
    {
        using var work = new TempDirectory("par-work");
        await using var sample = await StartSampleAsync(work, backoffSec: 5);
        var par = sample.Par;

        Assert.Equal(0, Kill(par.WorkerPid(), Sigkill));
        var failed = await PollHealthAsync(sample.Client, par, body => body.GetProperty("status").GetString() == "failed");
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
        await using var sample = await StartSampleAsync(work, backoffSec: 0);
        var workerPid = sample.Par.WorkerPid();

        // SIGKILL: PAR gets no chance to stop its worker, and the pipes the worker writes its log to break.
        sample.Par.Signal(Sigkill);
        await sample.Par.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(await ExitsAsync(workerPid), $"the worker {workerPid} outlived PAR");
    }

    /// <summary>The sample agent in a real PAR process, returned once /health says ready.</summary>
    private static async Task<RunningSample> StartSampleAsync(TempDirectory work, int backoffSec)
    {
        var restPort = TestPorts.Next();
        var par = ParProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "sample",
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.RestPort] = restPort.ToString(CultureInfo.InvariantCulture),
            [EnvNames.A2aPort] = TestPorts.Next().ToString(CultureInfo.InvariantCulture),
            [EnvNames.ParWorkDir] = work.Path,
            [EnvNames.BootFailureBackoffSec] = backoffSec.ToString(CultureInfo.InvariantCulture),
        });
        var sample = new RunningSample(par, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{restPort}") });
        try
        {
            await PollHealthAsync(sample.Client, par, body => body.GetProperty("status").GetString() == "ready");
            return sample;
        }
        catch
        {
            await sample.DisposeAsync();
            throw;
        }
    }

    private sealed record RunningSample(ParProcess Par, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Par.DisposeAsync();
        }
    }

    /// <summary>Whether the process ends (or is a zombie) within a bounded wait.</summary>
    private static async Task<bool> ExitsAsync(int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (!ProcessTable.IsRunning(pid))
            {
                return true;
            }

            await Task.Delay(100);
        }

        Kill(pid, Sigkill);
        return false;
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
