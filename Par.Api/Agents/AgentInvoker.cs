using Par.Api.Lifecycle.Boot;
using Par.Api.Telemetry;

namespace Par.Api.Agents;

/// <summary>One call of an agent action, as every transport (gRPC Invoke, A2A, MCP) hands it over.</summary>
/// <param name="Action">The action (a handler the worker loaded).</param>
/// <param name="ParametersJson">Its parameters as a JSON object.</param>
/// <param name="RequestId">Reaches the handler's context as X-Request-ID; only a sane id (see RequestIds) belongs here.</param>
internal sealed record AgentCall(string Action, string ParametersJson, string? RequestId);

/// <summary>
/// The one way into the agent for every surface: the readiness gate (ready, or draining so that in-flight and late
/// calls are still served) and the call to an action. Each transport parses its request into an
/// <see cref="AgentCall"/> and maps the <see cref="ActionOutcome"/> back.
/// </summary>
internal sealed class AgentInvoker(RunningAgent agent, BootState state)
{
    /// <summary>The text every surface reports while the agent does not accept calls.</summary>
    public const string NotReady = "the agent is not ready";

    /// <summary>Ready, or draining; false while booting, failed or unresponsive (a hung worker).</summary>
    public bool AcceptsCalls => state.Current.AcceptsAgentCalls;

    /// <summary>The worker, once started (a package with only a UI has none).</summary>
    public IAgentWorker? Worker => agent.Worker;

    /// <summary>
    /// Calls the action; a not-ready agent is an unsuccessful outcome with <see cref="NotReady"/>, never an exception.
    /// Cancelling the token abandons the call (the worker's answer, if it comes, is dropped).
    /// </summary>
    public async Task<ActionOutcome> InvokeAsync(AgentCall call, CancellationToken cancellationToken)
    {
        using var telemetry = InvokeTelemetry.Start(call.Action, agent.Actions, cancellationToken);
        if (!AcceptsCalls || agent.Worker is not { } worker)
        {
            return telemetry.Completed(new ActionOutcome(false, null, NotReady), success: false, notReady: true);
        }

        var outcome = await worker.InvokeAsync(call.Action, call.ParametersJson, cancellationToken, call.RequestId);
        return telemetry.Completed(outcome, outcome.Success);
    }
}
