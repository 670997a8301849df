using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Par.Api.A2a.Protocol;
using Par.Api.Surfaces.Grpc;
using Par.Api.Tests.Infrastructure;
using V1 = Grpc.Reflection.V1;

namespace Par.Api.Tests.Surfaces.Grpc;

/// <summary>
/// The gRPC methods PAR binds itself (Surfaces/Grpc/CompiledMethods): every method each served service declares is
/// an endpoint of the right kind, reflection v1 lists exactly the served services, and a method that does not match
/// its descriptor is refused.
/// </summary>
public sealed class GrpcMethodBindingTests(SampleAgentFixture sample) : IClassFixture<SampleAgentFixture>
{
    [Fact]
    public void EveryDeclaredMethod_IsAnEndpointOfItsKind()
    {
        var bound = sample.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()).OfType<GrpcMethodMetadata>()
            .Select(m => $"{m.Method.FullName} {m.Method.Type}").ToList();
        var declared = new[]
        {
            AgentService.Descriptor, global::Grpc.Health.V1.Health.Descriptor,
            global::Grpc.Reflection.V1Alpha.ServerReflection.Descriptor, V1.ServerReflection.Descriptor,
        }.SelectMany(s => s.Methods).Select(m => $"/{m.Service.FullName}/{m.Name} {Kind(m)}").ToList();

        Assert.Equal(declared.Order(StringComparer.Ordinal), bound.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReflectionV1_ListsTheServedServices()
    {
        var response = await ReflectAsync(new V1.ServerReflectionRequest { ListServices = "" });

        var services = response.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "pixell.agent.AgentService"],
            services.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReflectionV1_DescribesInvoke()
    {
        var response = await ReflectAsync(new V1.ServerReflectionRequest { FileContainingSymbol = "pixell.agent.AgentService.Invoke" });

        Assert.NotEmpty(response.FileDescriptorResponse.FileDescriptorProto);
    }

    [Theory]
    [InlineData("Missing", MethodType.Unary)]
    [InlineData("Ping", MethodType.ServerStreaming)]
    public void MethodNotAsDeclared_IsRefused(string name, MethodType type)
    {
        var e = Assert.Throws<InvalidOperationException>(() => CompiledMethods.Method<Empty, Pong>(AgentService.Descriptor, name, type));

        Assert.Contains("pixell.agent.AgentService", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MessageTypesNotAsDeclared_AreRefused()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            CompiledMethods.Method<Empty, HealthStatus>(AgentService.Descriptor, "Ping", MethodType.Unary));

        Assert.Contains("pixell.agent.Pong", e.Message, StringComparison.Ordinal);
    }

    private async Task<V1.ServerReflectionResponse> ReflectAsync(V1.ServerReflectionRequest request)
    {
        var reflection = new V1.ServerReflection.ServerReflectionClient(GrpcChannels.For(sample.Host.A2aAddress));
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return call.ResponseStream.Current;
    }

    private static MethodType Kind(Google.Protobuf.Reflection.MethodDescriptor method) =>
        (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
}
