using System.Globalization;
using Par.Api.Agents.Runtimes.Python;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>pip and venv run through ProcessRunner; build tools may leave daemons behind that hold its pipes.</summary>
public sealed class ProcessRunnerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Run_ExitsNonZero_ReportsCodeAndEveryLineOfBothStreams()
    {
        var outcome = await RunShellAsync("echo to-stdout; echo to-stderr >&2; exit 3", Generous);

        Assert.Equal(3, outcome.ExitCode);
        Assert.False(outcome.TimedOut);
        Assert.Equal(["to-stderr", "to-stdout"], outcome.Output.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_ExitLeavesADaemonHoldingTheOutput_EndsWithTheProcessNotTheDaemon()
    {
        // The daemon detaches (a subshell that exits at once) but keeps the inherited stdout and stderr open.
        var outcome = await RunShellAsync("(setsid sleep 600 & echo daemon=$!); echo built", Generous);

        try
        {
            Assert.False(outcome.TimedOut);
            Assert.Equal(0, outcome.ExitCode);
            Assert.Contains("built", outcome.Output);
        }
        finally
        {
            KillDaemon(outcome);
        }
    }

    [Fact]
    public async Task Run_OutlivesTimeoutWhileADaemonHoldsTheOutput_IsKilledAndReturns()
    {
        var outcome = await RunShellAsync("(setsid sleep 600 & echo daemon=$!); exec sleep 600", TimeSpan.FromSeconds(1));

        try
        {
            Assert.True(outcome.TimedOut);
            Assert.Equal(-1, outcome.ExitCode);
        }
        finally
        {
            KillDaemon(outcome);
        }
    }

    private static Task<ProcessOutcome> RunShellAsync(string script, TimeSpan timeout) =>
        ProcessRunner.RunAsync("sh", ["-c", script], timeout, _ => { }, CancellationToken.None);

    private static void KillDaemon(ProcessOutcome outcome)
    {
        var line = outcome.Output.Single(l => l.StartsWith("daemon=", StringComparison.Ordinal));
        using var daemon = System.Diagnostics.Process.GetProcessById(int.Parse(line["daemon=".Length..], CultureInfo.InvariantCulture));
        daemon.Kill();
    }
}
