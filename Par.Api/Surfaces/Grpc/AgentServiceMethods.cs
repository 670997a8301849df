using Grpc.AspNetCore.Server.Model;
using Par.Api.A2a.Protocol;

namespace Par.Api.Surfaces.Grpc;

/// <summary>pixell.agent.AgentService's methods on <see cref="AgentGrpcService"/> (<see cref="CompiledMethods"/>).</summary>
internal sealed class AgentServiceMethods : IServiceMethodProvider<AgentGrpcService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<AgentGrpcService> context)
    {
        var service = AgentService.Descriptor;
        CompiledMethods.Unary<AgentGrpcService, Empty, HealthStatus>(context, service, "Health", (s, request, call) => s.Health(request, call));
        CompiledMethods.Unary<AgentGrpcService, Empty, Capabilities>(context, service, "DescribeCapabilities",
            (s, request, call) => s.DescribeCapabilities(request, call));
        CompiledMethods.Unary<AgentGrpcService, ActionRequest, ActionResult>(context, service, "Invoke", (s, request, call) => s.Invoke(request, call));
        CompiledMethods.Unary<AgentGrpcService, Empty, Pong>(context, service, "Ping", (s, request, call) => s.Ping(request, call));
    }
}
