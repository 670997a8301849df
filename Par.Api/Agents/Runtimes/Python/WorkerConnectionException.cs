namespace Par.Api.Agents.Runtimes.Python;

/// <summary>The worker's connection failed, or the worker answered with something that is not a response PAR understands.</summary>
internal sealed class WorkerConnectionException(string message, bool retryable, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>
    /// The connection was a pooled one and failed before any answer came: the worker closed it while idle, so the
    /// call is tried once more on a new connection (as SocketsHttpHandler does).
    /// </summary>
    public bool Retryable { get; } = retryable;
}
