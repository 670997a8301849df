namespace Par.Api.Agents;

/// <summary>
/// The outcome of one agent action: a string result (non-strings already JSON text) or an error message, and the
/// metadata of a pixell envelope (<c>{"success", "result" | "error", "metadata"}</c>) when the agent returned one.
/// </summary>
internal sealed record ActionOutcome(bool Success, string? Result, string? Error, IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>
/// The agent's worker process as the surfaces see it: its actions, its ASGI app (reached over HTTP/1.1 on the
/// worker's Unix socket) and its life. Disposing stops it with a 5 s grace period.
/// </summary>
internal interface IAgentWorker : IAsyncDisposable
{
    IReadOnlyList<string> Actions { get; }

    bool HasAsgi { get; }

    /// <summary>Each action handler's own docstring, when it has one (for the agent card and MCP tools).</summary>
    IReadOnlyDictionary<string, string> Docs { get; }

    /// <summary>Invokes an action with a JSON object of parameters; the request id reaches the handler's context.</summary>
    Task<ActionOutcome> InvokeAsync(string action, string parametersJson, CancellationToken cancellationToken, string? requestId = null);

    /// <summary>Sends requests to the worker over its Unix socket (for forwarding REST calls to the ASGI app).</summary>
    HttpMessageInvoker Invoker { get; }

    /// <summary>The liveness probe's own connection to the worker, outside <see cref="Invoker"/>'s pool.</summary>
    HttpMessageInvoker ProbeInvoker { get; }

    /// <summary>SIGTERM, then SIGKILL after the grace period or when the token is cancelled.</summary>
    Task StopAsync(TimeSpan grace, CancellationToken hurry);

    /// <summary>The worker processes alive now (several with WORKER_PROCESSES above 1).</summary>
    IReadOnlyList<int> Pids { get; }

    /// <summary>Completes when the worker process has exited, with its exit code.</summary>
    Task<int> Exited { get; }
}
