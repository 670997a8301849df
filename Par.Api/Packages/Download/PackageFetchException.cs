using Par.Api.Lifecycle.Exit;

namespace Par.Api.Packages.Download;

/// <summary>A classified fetch failure: a reason for people, whether another attempt may help, and the exit code it ends in.</summary>
internal sealed class PackageFetchException(string reason, bool transient, int exitCode = ExitCodes.FetchFailed, Exception? inner = null)
    : Exception(reason, inner)
{
    public bool Transient { get; } = transient;

    public int ExitCode { get; } = exitCode;

    public static PackageFetchException Permanent(string reason, int exitCode = ExitCodes.FetchFailed, Exception? inner = null) =>
        new(reason, transient: false, exitCode, inner);

    public static PackageFetchException Retryable(string reason, Exception? inner = null) => new(reason, transient: true, inner: inner);
}
