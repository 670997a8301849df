using Par.Api.Lifecycle.Boot;

namespace Par.Api.Lifecycle.Exit;

/// <summary>A boot failure: the exit code it maps to, the readiness check it fails and a reason for people.</summary>
internal sealed class BootFailureException(int exitCode, BootCheck check, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    public BootCheck Check { get; } = check;
}
