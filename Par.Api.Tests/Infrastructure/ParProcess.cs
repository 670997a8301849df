using System.Collections.Concurrent;
using System.Diagnostics;
using Par.Api.Config;

namespace Par.Api.Tests.Infrastructure;

/// <summary>The built runtime as a real child process: its own environment, captured output, signals.</summary>
internal sealed class ParProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    /// <summary>
    /// PAR_TEST_EXE: the published executable (NativeAOT) to run instead of <c>dotnet Par.Api.dll</c> from the test
    /// output; .ci/run runs the process-level tests once each way.
    /// </summary>
    public const string NativeExecutableVariable = "PAR_TEST_EXE";

    private static readonly string? NativeExecutable =
        Environment.GetEnvironmentVariable(NativeExecutableVariable) is { Length: > 0 } exe ? Path.GetFullPath(exe) : null;

    private ParProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _stdout.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> StdoutLines => [.. _stdout];

    public string Stdout => string.Join('\n', _stdout);

    public string Stderr => string.Join('\n', _stderr);

    public static ParProcess Start(IDictionary<string, string?> environment, params string[] args) =>
        Start(environment, ownSession: false, args);

    public static ParProcess Start(ParEnvironment environment, params string[] args) =>
        Start(environment.Build(), ownSession: false, args);

    /// <summary>
    /// With <paramref name="ownSession"/>, PAR leads a session and process group of its own (through setsid(1),
    /// which execs in place: the pid is PAR's, and the process group id equals it), as in a terminal or a systemd unit.
    /// </summary>
    public static ParProcess Start(IDictionary<string, string?> environment, bool ownSession, params string[] args)
    {
        var command = NativeExecutable is { } exe ? [exe] : new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "Par.Api.dll") };
        var info = new ProcessStartInfo(ownSession ? "setsid" : command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var part in ownSession ? command : command[1..])
        {
            info.ArgumentList.Add(part);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Only the variables the test names: nothing of the developer's own environment leaks into the contract.
        foreach (var name in EnvSchema.Instance.ByName.Keys)
        {
            info.Environment.Remove(name);
        }

        info.Environment.Remove(NativeExecutableVariable);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new ParProcess(Process.Start(info)!);
    }

    /// <summary>Waits for the exit and returns the code; throws if it takes longer than the timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"PAR did not exit within {timeout}. stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Readiness can be observed before the log line saying so reaches stdout: wait for the line.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) =>
        Poll.UntilAsync(() => Stdout.Contains(text, StringComparison.Ordinal), timeout, $"stdout shows {text}", () => Stdout);

    public void Signal(int signal) => _ = Signals.Send(_process.Id, signal);

    /// <summary>Every process of PAR's process group (PAR leads it when started with ownSession); true when delivered.</summary>
    public bool SignalProcessGroup(int signal) => Signals.SendToGroup(_process.Id, signal);

    /// <summary>
    /// The agent worker's pid, from the agent.worker.started log event, waited for: PAR can answer ready before the
    /// line reaches stdout (its log output is written in batches, LogOutput.FlushDelay).
    /// </summary>
    public async Task<int> WorkerPidAsync()
    {
        const string Started = "\"event\":\"agent.worker.started\"";
        await WaitForOutputAsync(Started, TimeSpan.FromSeconds(30));
        var started = StdoutLines.First(l => l.Contains(Started, StringComparison.Ordinal));
        return System.Text.Json.JsonDocument.Parse(started).RootElement.GetProperty("pid").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
