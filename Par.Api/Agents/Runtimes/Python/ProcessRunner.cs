using System.Diagnostics;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>The outcome of a finished child process: its exit code and the lines it wrote.</summary>
internal sealed record ProcessOutcome(int ExitCode, IReadOnlyList<string> Output, bool TimedOut);

/// <summary>
/// Runs a child process to completion with a time limit, handing each output line to a callback. The end is the
/// process's exit, not the end of its output: a daemon it started (a build server, say) may hold the pipes open for
/// ever, so after the exit the output gets a short grace to drain and no more.
/// </summary>
internal static class ProcessRunner
{
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    public static async Task<ProcessOutcome> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        Action<string> onLine,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        IReadOnlyCollection<string>? withheld = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in withheld ?? [])
        {
            info.Environment.Remove(name); // inherited from PAR, not handed on
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var lines = new List<string>();
        var stdoutClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(string? line, TaskCompletionSource closed)
        {
            if (line is null)
            {
                closed.TrySetResult();
                return;
            }

            lock (lines)
            {
                lines.Add(line);
            }

            onLine(line);
        }

        using var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Collect(e.Data, stdoutClosed);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, stderrClosed);
        // Unlike WaitForExitAsync, the Exited event does not wait for the end of the output.
        process.Exited += (_, _) => exited.TrySetResult();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {fileName}: {e.Message}", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await exited.Task.WaitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await WithinAsync(exited.Task, KillGrace);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        await WithinAsync(Task.WhenAll(stdoutClosed.Task, stderrClosed.Task), OutputGrace);
        lock (lines)
        {
            return new ProcessOutcome(timedOut || !process.HasExited ? -1 : process.ExitCode, [.. lines], timedOut);
        }
    }

    private static async Task WithinAsync(Task task, TimeSpan grace)
    {
        try
        {
            await task.WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            // Carry on with what there is.
        }
    }
}
