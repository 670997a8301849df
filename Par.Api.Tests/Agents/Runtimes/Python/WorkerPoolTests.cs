using System.Net;
using System.Text.Json;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>
/// WORKER_PROCESSES=2 in a real PAR process: two Python workers on their own sockets, Invoke and REST calls spread
/// over both, one killed is restarted while the other serves (readiness stays 200), and shutdown stops both.
/// </summary>
public sealed class WorkerPoolTests
{
    private const string Manifest = "name: pool\nversion: 1.0.0\nhttp_server: acts:app\nexports:\n  - name: pid\n    handler: acts.pid\n";

    /// <summary>An async handler that holds its call a moment (so calls overlap) and answers with its worker's pid; the REST app does the same.</summary>
    private static readonly string Module = FixtureAgents.AsgiApp(
        "import asyncio\nimport os\n\n\nasync def pid(params):\n    await asyncio.sleep(0.05)\n    return str(os.getpid())",
        """
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": str(os.getpid()).encode()})
        """);

    [Fact]
    public async Task TwoWorkers_CallsSpreadOverBoth_OneKilledIsRestarted_ShutdownStopsBoth()
    {
        using var dir = new TempDirectory();
        var work = dir.Combine("work");
        await using var par = await StartTwoWorkersAsync(dir, work);

        var workers = WorkerPids(par.Process.Pid);
        Assert.Equal(2, workers.Count);
        var meta = await par.Rest.GetFromJsonAsync<JsonElement>("/meta");
        Assert.Equal(2, meta.GetProperty("workers").GetInt32());

        var invoked = await InvokePidsAsync(par, calls: 16);
        var rest = await RestPidsAsync(par, calls: 16);
        Assert.Equal(workers, invoked);
        Assert.Equal(workers, rest);

        var killed = workers.Min();
        Assert.True(Signals.Send(killed, Signals.Kill));
        await par.Process.WaitForOutputAsync("\"event\":\"agent.worker.restarting\"", TimeSpan.FromSeconds(30));
        using (var ready = await par.Rest.GetAsync("/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var survivor = workers.Max();
        Assert.Contains(survivor, await InvokePidsAsync(par, calls: 4));
        await par.WaitForAsync("/meta", (_, body) => body.GetProperty("workers").GetInt32() == 2, TimeSpan.FromSeconds(60));
        var restarted = WorkerPids(par.Process.Pid);
        Assert.DoesNotContain(killed, restarted);
        Assert.Contains(survivor, restarted);
        Assert.Equal(restarted, await InvokePidsAsync(par, calls: 16));

        par.Process.Signal(Signals.Term);
        Assert.Equal(0, await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Empty(await ProcessTable.UsingOnceSettledAsync(work, expectAny: false));
        Assert.All(restarted, pid => Assert.False(ProcessTable.IsRunning(pid), $"worker {pid} outlived PAR"));
    }

    [Fact]
    public async Task TwoWorkers_OneKilledAndReplaced_TheDeadOnesPipesAreClosed()
    {
        using var dir = new TempDirectory();
        await using var par = await StartTwoWorkersAsync(dir, dir.Combine("work"));
        var before = ProcessTable.Pipes(par.Process.Pid);
        var killed = WorkerPids(par.Process.Pid).Min();

        Assert.True(Signals.Send(killed, Signals.Kill));
        await par.Process.WaitForOutputAsync("\"event\":\"agent.worker.restarting\"", TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => WorkerPids(par.Process.Pid) is { Count: 2 } pids && !pids.Contains(killed), TimeSpan.FromSeconds(60), "the replacement runs");

        // The replacement's stdout and stderr in place of the dead worker's: without its disposal, two pipes more.
        await Poll.UntilAsync(() => ProcessTable.Pipes(par.Process.Pid) == before, TimeSpan.FromSeconds(10), $"PAR holds {before} pipes again", () => $"{ProcessTable.Pipes(par.Process.Pid)} pipes");
    }

    /// <summary>The pool agent in <paramref name="dir"/>, started with WORKER_PROCESSES=2 and work dir <paramref name="work"/>, once ready.</summary>
    private static async Task<RuntimeProcess> StartTwoWorkersAsync(TempDirectory dir, string work)
    {
        dir.Write("pkg/agent.yaml", Manifest);
        dir.Write("pkg/acts.py", Module);
        var par = RuntimeProcess.Start(RuntimeProcess.Defaults()
            .Package(dir.Combine("pkg"))
            .WorkDirAt(work)
            .With(EnvNames.WorkerProcesses, 2));
        try
        {
            await par.WaitForAsync("/ready", (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(90));
            return par;
        }
        catch
        {
            await par.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task TwoWorkers_ThirdDeathWithinTheWindow_Exits70()
    {
        using var dir = new TempDirectory();
        await using var par = await StartTwoWorkersAsync(dir, dir.Combine("work"));

        for (var death = 1; death <= 2; death++)
        {
            var before = WorkerPids(par.Process.Pid);
            Assert.True(Signals.Send(before.Min(), Signals.Kill));
            await Poll.UntilAsync(
                () => par.Process.Stdout.Split("\"event\":\"agent.worker.restarting\"").Length - 1 == death,
                TimeSpan.FromSeconds(30), $"restart {death} is logged", () => par.Process.Stdout);
            await par.WaitForAsync("/meta", (_, body) => body.GetProperty("workers").GetInt32() == 2, TimeSpan.FromSeconds(60));
        }

        Assert.True(Signals.Send(WorkerPids(par.Process.Pid).Min(), Signals.Kill));

        Assert.Equal(70, await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("(3 worker deaths within 60 s)", par.Process.Stdout);
    }

    [Fact]
    public async Task DefaultOneWorker_MetaReportsOne()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", Manifest);
        dir.Write("pkg/acts.py", Module);
        await using var par = RuntimeProcess.Start(RuntimeProcess.Defaults().Package(dir.Combine("pkg")).WorkDirAt(dir.Combine("work")));
        await par.WaitForAsync("/ready", (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(90));

        var meta = await par.Rest.GetFromJsonAsync<JsonElement>("/meta");

        Assert.Equal(1, meta.GetProperty("workers").GetInt32());
        Assert.Single(WorkerPids(par.Process.Pid));
        Assert.Equal([await par.Process.WorkerPidAsync()], await InvokePidsAsync(par, calls: 8));
    }

    /// <summary>The pids that answered <paramref name="calls"/> concurrent Invoke calls.</summary>
    private static async Task<SortedSet<int>> InvokePidsAsync(RuntimeProcess par, int calls)
    {
        var client = new AgentService.AgentServiceClient(GrpcChannels.For($"http://127.0.0.1:{par.A2aPort}"));
        var results = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => client.InvokeAsync(new ActionRequest { Action = "pid" }).ResponseAsync));
        Assert.All(results, r => Assert.True(r.Success, r.Error));
        return new SortedSet<int>(results.Select(r => int.Parse(r.Result, System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The pids that answered <paramref name="calls"/> concurrent REST calls forwarded to the agent's ASGI app.</summary>
    private static async Task<SortedSet<int>> RestPidsAsync(RuntimeProcess par, int calls)
    {
        var bodies = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => par.Rest.GetStringAsync("/whoami")));
        return new SortedSet<int>(bodies.Select(b => int.Parse(b, System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The live children of <paramref name="parent"/> that run par_worker (from /proc: parent pid and command line).</summary>
    private static SortedSet<int> WorkerPids(int parent)
    {
        var pids = new SortedSet<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && fields[1] == parent.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    && File.ReadAllText(Path.Combine(entry, "cmdline")).Contains("par_worker.pyz", StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return pids;
    }
}
