using System.Runtime.InteropServices;

namespace Par.Api.Tests.Infrastructure;

/// <summary>kill(2), the one way the tests signal a process: PAR, its process group, or the agent worker.</summary>
internal static class Signals
{
    public const int Kill = 9;
    public const int Term = 15;
    public const int Stop = 19;

    /// <summary>True when the signal was delivered.</summary>
    public static bool Send(int pid, int signal) => SysKill(pid, signal) == 0;

    /// <summary>kill(-PGID, signal): every process of the group, as Ctrl-C or systemd's stop does.</summary>
    public static bool SendToGroup(int processGroupId, int signal) => SysKill(-processGroupId, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
