namespace Par.Api.Lifecycle.Exit;

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
