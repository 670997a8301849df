using Grpc.Core;
using Par.Api.A2a.Protocol;
using Par.Api.Agents;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Surfaces.Grpc;

/// <summary>
/// pixell.agent.AgentService: actions dispatched to the agent's worker, the rest answered by the runtime. Its methods
/// are bound by <see cref="AgentServiceMethods"/>, not through the generated base class.
/// </summary>
internal sealed class AgentGrpcService(BootState state, RunningAgent agent, AgentInvoker invoker, ParOptions options, TimeProvider time)
{
    public Task<HealthStatus> Health(Empty request, ServerCallContext callContext)
    {
        var snapshot = state.Current;
        return Task.FromResult(new HealthStatus
        {
            Ok = snapshot.IsReady,
            Message = snapshot.Error ?? snapshot.Status.ToString().ToLowerInvariant(),
            Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds(),
        });
    }

    public Task<Capabilities> DescribeCapabilities(Empty request, ServerCallContext callContext)
    {
        var capabilities = new Capabilities();
        capabilities.Methods.AddRange(agent.Actions);
        foreach (var (key, value) in AgentDescription.Of(agent.Manifest, options))
        {
            capabilities.Metadata[key] = value;
        }

        if (agent.Manifest is { Metadata.Count: > 0 } manifest)
        {
            capabilities.Metadata["metadata"] = manifest.MetadataJson;
        }

        return Task.FromResult(capabilities);
    }

    public async Task<ActionResult> Invoke(ActionRequest request, ServerCallContext callContext)
    {
        var started = time.GetTimestamp();
        var result = new ActionResult { RequestId = RequestIdOf(request, callContext) };
        if (!A2aRequest.TryParse(request, out var action, out var parametersJson, out var problem))
        {
            result.Error = problem;
        }
        else
        {
            // The caller's id is echoed as given, but only a sane one becomes the worker's X-Request-ID header.
            var workerRequestId = RequestIds.Accept(result.RequestId) ?? callContext.GetHttpContext().TraceIdentifier;
            var outcome = await invoker.InvokeAsync(new AgentCall(action, parametersJson, workerRequestId), callContext.CancellationToken);
            result.Success = outcome.Success;
            result.Result = outcome.Result ?? string.Empty;
            result.Error = outcome.Error ?? string.Empty;
            if (outcome.Metadata is { } metadata) // most outcomes have none: no empty dictionary per call
            {
                foreach (var (key, value) in metadata)
                {
                    result.Metadata[key] = value;
                }
            }
        }

        result.DurationMs = (long)time.GetElapsedTime(started).TotalMilliseconds;
        result.Metadata["action"] = action ?? string.Empty;
        return result;
    }

    /// <summary>An A2A message's JSON-RPC id, else the caller's request_id, else the call's own id (X-Request-ID or generated).</summary>
    private static string RequestIdOf(ActionRequest request, ServerCallContext callContext) =>
        request.Message is { Id: { Length: > 0 } jsonRpcId } ? jsonRpcId
        : request.RequestId is { Length: > 0 } given ? given
        : callContext.GetHttpContext().TraceIdentifier;

    public Task<Pong> Ping(Empty request, ServerCallContext callContext) =>
        Task.FromResult(new Pong { Message = "pong", Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds() });
}
