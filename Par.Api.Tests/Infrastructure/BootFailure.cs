using System.Net;
using Par.Api.Tests.Lifecycle;

namespace Par.Api.Tests.Infrastructure;

/// <summary>
/// The one assertion of a failed start: PAR exits with the code SPEC §1 gives the cause, and what it printed names the
/// variable, file or entry at fault.
/// </summary>
internal static class BootFailure
{
    /// <summary>SPEC §1: the only exit codes PAR may use.</summary>
    public static readonly IReadOnlySet<int> SpecExitCodes = new HashSet<int> { 0, 64, 65, 69, 70, 71, 75, 78 };

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Waits for the exit: the code must be <paramref name="exitCode"/>, stdout (the log) must contain
    /// <paramref name="inStdout"/> and stderr <paramref name="inStderr"/>, each when given.
    /// </summary>
    public static async Task AssertExitAsync(ParProcess par, int exitCode, string? inStdout = null, string? inStderr = null, TimeSpan? timeout = null)
    {
        Assert.Contains(exitCode, SpecExitCodes);
        var code = await par.WaitForExitAsync(timeout ?? DefaultTimeout);
        Assert.True(code == exitCode, $"PAR exited {code}, expected {exitCode}. stdout:\n{par.Stdout}\nstderr:\n{par.Stderr}");
        if (inStdout is not null)
        {
            Assert.Contains(inStdout, par.Stdout, StringComparison.Ordinal);
        }

        if (inStderr is not null)
        {
            Assert.Contains(inStderr, par.Stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Starts PAR with a 2 s backoff after the failed boot: while the process is still up, /health must answer 503
    /// with status failed and <paramref name="reason"/> (case-insensitive); then PAR exits with <paramref name="exitCode"/>
    /// and the log holds boot.failed. The exited process is returned (the caller disposes it), for further checks on its output and files.
    /// </summary>
    public static async Task<RuntimeProcess> AssertDuringBackoffAsync(ParEnvironment environment, int exitCode, string reason)
    {
        var par = RuntimeProcess.Start(environment.BackoffSeconds(2));
        try
        {
            var (status, body) = await par.WaitForAsync(
                "/health",
                (_, body) => body.GetProperty("status").GetString() == "failed",
                TimeSpan.FromSeconds(60));

            Assert.False(par.Process.HasExited, "the process exited without a backoff");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains(reason, body.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
            await AssertExitAsync(par.Process, exitCode, inStdout: "\"event\":\"boot.failed\"");
            return par;
        }
        catch
        {
            await par.DisposeAsync();
            throw;
        }
    }
}
