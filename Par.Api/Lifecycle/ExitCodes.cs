namespace Par.Api.Lifecycle;

/// <summary>The process exit codes of SPEC §1 (sysexits-style).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int PackageInvalid = 65;
    public const int FetchFailed = 69;
    public const int AgentFailed = 70;
    public const int ListenerUnavailable = 71;
    public const int StartupTimeout = 75;
    public const int ConfigInvalid = 78;
}

/// <summary>A boot failure: the exit code it maps to, the readiness check it fails and a reason for people.</summary>
internal sealed class BootFailureException(int exitCode, BootCheck check, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    public BootCheck Check { get; } = check;
}

/// <summary>The code the process exits with once the host has stopped.</summary>
internal sealed class ProcessExit
{
    private int _code;

    public int Code => Volatile.Read(ref _code);

    public void Set(int code) => Volatile.Write(ref _code, code);
}
