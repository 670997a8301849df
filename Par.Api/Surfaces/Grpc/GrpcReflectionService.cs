using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Grpc.Reflection;
using Par.Api.A2a.Protocol;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace Par.Api.Surfaces.Grpc;

/// <summary>
/// gRPC server reflection, v1alpha and v1, over the services PAR serves. The list is written out, where
/// MapGrpcReflectionService found it from the endpoints by reflection, and both methods are bound by
/// <see cref="Methods"/> (<see cref="CompiledMethods"/>).
/// </summary>
internal sealed class GrpcReflectionService
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor[] Served =
    [
        AgentService.Descriptor, global::Grpc.Health.V1.Health.Descriptor, V1Alpha.ServerReflection.Descriptor, V1.ServerReflection.Descriptor,
    ];

    private readonly ReflectionServiceImpl _v1Alpha = new(Served);
    private readonly ReflectionV1ServiceImpl _v1 = new(Served);

    public Task InfoV1Alpha(IAsyncStreamReader<V1Alpha.ServerReflectionRequest> requests,
        IServerStreamWriter<V1Alpha.ServerReflectionResponse> responses, ServerCallContext context) =>
        _v1Alpha.ServerReflectionInfo(requests, responses, context);

    public Task InfoV1(IAsyncStreamReader<V1.ServerReflectionRequest> requests,
        IServerStreamWriter<V1.ServerReflectionResponse> responses, ServerCallContext context) =>
        _v1.ServerReflectionInfo(requests, responses, context);

    internal sealed class Methods : IServiceMethodProvider<GrpcReflectionService>
    {
        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<GrpcReflectionService> context)
        {
            CompiledMethods.DuplexStreaming<GrpcReflectionService, V1Alpha.ServerReflectionRequest, V1Alpha.ServerReflectionResponse>(
                context, V1Alpha.ServerReflection.Descriptor, "ServerReflectionInfo", (s, requests, responses, call) => s.InfoV1Alpha(requests, responses, call));
            CompiledMethods.DuplexStreaming<GrpcReflectionService, V1.ServerReflectionRequest, V1.ServerReflectionResponse>(
                context, V1.ServerReflection.Descriptor, "ServerReflectionInfo", (s, requests, responses, call) => s.InfoV1(requests, responses, call));
        }
    }
}
