namespace Par.Api.Lifecycle;

/// <summary>
/// Socket continuations run on the epoll thread that saw the socket ready, instead of each socket operation's
/// continuation taking a hop through the thread pool (.NET's default on Linux). Every Invoke crosses two sockets (the
/// caller's and the worker's) and each hop is a thread wake-up; on a container's one or two CPUs, which the worker
/// shares, switching threads was ~30% of PAR's CPU per call (perf; issue 21, bench/notes.md). Kestrel still runs
/// request handling on the thread pool; what runs inline is the transports' own reading and the continuations of
/// PAR's awaits on the worker's socket, none of which blocks. .NET reads the setting once, from the environment, when
/// the first socket is created: <see cref="Apply"/> runs first thing in Main.
/// </summary>
internal static class SocketCompletions
{
    /// <summary>.NET's switch; PAR sets it to 1 unless the environment already has it (0 restores .NET's default).</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Sets <see cref="Variable"/> to 1 (through <paramref name="write"/>) when <paramref name="environment"/> does not have it.</summary>
    public static void Apply(IReadOnlyDictionary<string, string?> environment, Action<string, string> write)
    {
        if (!environment.ContainsKey(Variable))
        {
            write(Variable, "1");
        }
    }
}
