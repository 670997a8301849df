using System.Text.Json;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Config;
using Par.Api.Lifecycle.Exit;

namespace Par.Api.Cli;

/// <summary>
/// `wheelhouse info|fill REQUIREMENTS|clear` (SPEC §1): manages WHEELHOUSE_DIR, typically while an image is built.
/// Exit 64 for a malformed call (including WHEELHOUSE_DIR unset), 1 when the work itself fails.
/// </summary>
internal static class WheelhouseCommand
{
    public const string Usage = "wheelhouse info|fill REQUIREMENTS|clear";
    private const int Failed = 1;
    public static async Task<int> RunAsync(IReadOnlyList<string> args, EnvSnapshot env, TextWriter stdout, TextWriter stderr)
    {
        var directory = env.Effective(EnvNames.WheelhouseDir);
        var valid = args switch
        {
            ["info"] or ["clear"] => true,
            ["fill", { Length: > 0 }] => true,
            _ => false,
        };
        if (!valid)
        {
            stderr.WriteLine($"usage: Par.Api {Usage}");
            return ExitCodes.Usage;
        }

        if (string.IsNullOrWhiteSpace(directory))
        {
            stderr.WriteLine($"{EnvNames.WheelhouseDir} is not set: it names the folder of wheels this command manages");
            return ExitCodes.Usage;
        }

        directory = Path.GetFullPath(directory.Trim());
        return args[0] switch
        {
            "info" => Info(directory, stdout, stderr),
            "clear" => Clear(directory, stdout, stderr),
            _ => await FillAsync(directory, args[1], env.Effective(EnvNames.Python)!, stdout, stderr),
        };
    }

    private static int Info(string directory, TextWriter stdout, TextWriter stderr)
    {
        var info = Wheelhouse.Describe(directory);
        stdout.WriteLine(JsonSerializer.Serialize(info, CliReportJson.Default.WheelhouseInfo));
        if (info.Readable)
        {
            return ExitCodes.Ok;
        }

        stderr.WriteLine(Unavailable(directory));
        return Failed;
    }

    private static int Clear(string directory, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(directory) || !Wheelhouse.IsReadable(directory))
        {
            stderr.WriteLine(Unavailable(directory));
            return Failed;
        }

        try
        {
            var deleted = Wheelhouse.Clear(directory);
            stdout.WriteLine($"deleted {deleted} wheel(s) from {directory}");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cannot delete the wheels in {directory}: {e.Message}");
            return Failed;
        }
    }

    /// <summary>`PYTHON -m pip download -r REQUIREMENTS -d WHEELHOUSE_DIR`, pip's output streamed as it comes.</summary>
    private static async Task<int> FillAsync(string directory, string requirements, string python, TextWriter stdout, TextWriter stderr)
    {
        requirements = Path.GetFullPath(requirements);
        if (!File.Exists(requirements))
        {
            stderr.WriteLine($"requirements file {requirements} does not exist");
            return Failed;
        }

        // pip reports from two threads (stdout and stderr); the writer must take one line at a time.
        var output = TextWriter.Synchronized(stdout);
        ProcessOutcome outcome;
        try
        {
            outcome = await ProcessRunner.RunAsync(
                python,
                ["-m", "pip", "download", "--disable-pip-version-check", "--no-input", "-r", requirements, "-d", directory],
                Timeout.InfiniteTimeSpan,
                output.WriteLine,
                CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine($"{EnvNames.Python}={python} cannot be started: {e.Message}");
            return Failed;
        }

        if (outcome.ExitCode != 0)
        {
            stderr.WriteLine($"pip download failed (exit {outcome.ExitCode}); {directory} may hold part of the wheels");
            return Failed;
        }

        var info = Wheelhouse.Describe(directory);
        output.WriteLine($"{directory} holds {info.WheelCount} wheel(s), {info.TotalBytes} bytes");
        return ExitCodes.Ok;
    }

    private static string Unavailable(string directory) =>
        $"{EnvNames.WheelhouseDir} {directory} does not exist or is not readable";
}
