using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Lifecycle.Exit;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>The boot's wait for the worker's status file wakes on the worker's output, not only on its poll.</summary>
public sealed class WorkerStatusWaitTests
{
    /// <summary>A stand-in worker: after a pause it writes the status file as the worker does, says so, and stays.</summary>
    private const string Script = """
        import json, os, sys, time
        time.sleep(0.3)
        path = sys.argv[1]
        with open(path + ".tmp", "w") as f:
            json.dump({"state": "loaded", "actions": ["echo"], "asgi": False}, f)
        os.replace(path + ".tmp", path)
        print("loaded", flush=True)
        time.sleep(60)
        """;

    [Fact]
    public async Task StatusWrittenThenALine_TheWaitWakesOnTheLine_WithoutPolling()
    {
        using var dir = new TempDirectory();
        var status = Path.Combine(dir.Path, "worker-status.json");
        await using var worker = Start(dir, status);

        var loaded = await WorkerLauncher.WaitForStatusAsync(worker, status, CancellationToken.None, poll: Timeout.InfiniteTimeSpan)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["echo"], loaded.Actions);
    }

    [Fact]
    public async Task WorkerExitsFirst_TheWaitFailsWithoutPolling()
    {
        using var dir = new TempDirectory();
        var info = new ProcessStartInfo("python3") { ArgumentList = { "-c", "import sys; sys.exit(3)" }, WorkingDirectory = dir.Path };
        await using var worker = AgentWorkerProcess.Start(info, Path.Combine(dir.Path, "worker.sock"), NullLogger.Instance);

        var failure = await Assert.ThrowsAsync<BootFailureException>(() =>
            WorkerLauncher.WaitForStatusAsync(worker, Path.Combine(dir.Path, "worker-status.json"), CancellationToken.None, Timeout.InfiniteTimeSpan)
                .WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("exited with code 3", failure.Message, StringComparison.Ordinal);
    }

    private static AgentWorkerProcess Start(TempDirectory dir, string status)
    {
        var info = new ProcessStartInfo("python3") { ArgumentList = { "-c", Script, status }, WorkingDirectory = dir.Path };
        return AgentWorkerProcess.Start(info, Path.Combine(dir.Path, "worker.sock"), NullLogger.Instance);
    }
}
