using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents;

/// <summary>What /proc says about running processes (Linux), to prove that nothing a test started is left behind.</summary>
internal static class ProcessTable
{
    /// <summary>"pid: command line" of each live process whose working directory or command line is under the path (zombies have neither).</summary>
    public static List<string> Using(string path)
    {
        var found = new List<string>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
                var cwd = new FileInfo(Path.Combine(entry, "cwd")).LinkTarget ?? string.Empty;
                if (commandLine.Contains(path, StringComparison.Ordinal) || cwd.StartsWith(path, StringComparison.Ordinal))
                {
                    found.Add($"{pid}: {commandLine}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>
    /// <see cref="Using"/> once processes under the path have appeared (<paramref name="expectAny"/>) or are all gone,
    /// or after 10 s: the caller asserts on what is left.
    /// </summary>
    public static async Task<List<string>> UsingOnceSettledAsync(string path, bool expectAny)
    {
        await Poll.HoldsWithinAsync(() => Using(path).Count > 0 == expectAny, TimeSpan.FromSeconds(10));
        return Using(path);
    }

    /// <summary>The names of the process's threads (/proc/PID/task/*/comm), e.g. ".NET Sockets".</summary>
    public static List<string> ThreadNames(int pid) =>
        [.. Directory.GetDirectories($"/proc/{pid}/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim())];

    /// <summary>How many pipes the process holds open (its children's stdout and stderr, for PAR).</summary>
    public static int Pipes(int pid) =>
        new DirectoryInfo($"/proc/{pid}/fd").GetFiles().Count(fd => fd.LinkTarget?.StartsWith("pipe:", StringComparison.Ordinal) == true);

    /// <summary>Whether the process exists and is not a zombie (dead, waiting for its parent to reap it).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            return !File.ReadLines($"/proc/{pid}/status").Any(l => l.StartsWith("State:\tZ", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
