using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Par.Api.Surfaces.Grpc;

/// <summary>
/// Adds a service's gRPC methods with their message types written out, where grpc-dotnet's default provider calls
/// the generated BindService by reflection: each of its ServiceBinderBase.AddMethod calls is a generic virtual
/// method on a generic binder, whose code the native executable's type loader builds at run time, most of the ~20 ms
/// that mapping the gRPC services took in a native boot (bench/notes.md). The methods come from the services'
/// protobuf descriptors, with protobuf's buffer serialization, as Grpc.Tools generates them; a wrong name, kind or
/// message type fails the boot at once.
/// </summary>
internal static class CompiledMethods
{
    /// <summary>What grpc-dotnet requires of a service type (its activator and its method lookups).</summary>
    private const DynamicallyAccessedMemberTypes Service = DynamicallyAccessedMemberTypes.PublicConstructors
        | DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    public static void Unary<[DynamicallyAccessedMembers(Service)] TService, TRequest, TResponse>(ServiceMethodProviderContext<TService> context,
        ServiceDescriptor service, string name, UnaryServerMethod<TService, TRequest, TResponse> invoker)
        where TService : class
        where TRequest : class, IMessage<TRequest>, IBufferMessage
        where TResponse : class, IMessage<TResponse>, IBufferMessage =>
        context.AddUnaryMethod(Method<TRequest, TResponse>(service, name, MethodType.Unary), [], invoker);

    public static void DuplexStreaming<[DynamicallyAccessedMembers(Service)] TService, TRequest, TResponse>(ServiceMethodProviderContext<TService> context,
        ServiceDescriptor service, string name, DuplexStreamingServerMethod<TService, TRequest, TResponse> invoker)
        where TService : class
        where TRequest : class, IMessage<TRequest>, IBufferMessage
        where TResponse : class, IMessage<TResponse>, IBufferMessage =>
        context.AddDuplexStreamingMethod(Method<TRequest, TResponse>(service, name, MethodType.DuplexStreaming), [], invoker);

    /// <summary>The method <paramref name="name"/> of <paramref name="service"/>, checked against its descriptor.</summary>
    public static Method<TRequest, TResponse> Method<TRequest, TResponse>(ServiceDescriptor service, string name, MethodType type)
        where TRequest : class, IMessage<TRequest>, IBufferMessage
        where TResponse : class, IMessage<TResponse>, IBufferMessage
    {
        var method = service.FindMethodByName(name)
            ?? throw new InvalidOperationException($"{service.FullName} has no method {name}");
        var declared = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        if (declared != type
            || method.InputType.Parser is not MessageParser<TRequest> requests
            || method.OutputType.Parser is not MessageParser<TResponse> responses)
        {
            throw new InvalidOperationException(
                $"{service.FullName}/{name} is {declared} from {method.InputType.FullName} to {method.OutputType.FullName}, "
                + $"not {type} from {typeof(TRequest).Name} to {typeof(TResponse).Name}");
        }

        return new Method<TRequest, TResponse>(type, service.FullName, name, Marshaller(requests), Marshaller(responses));
    }

    private static Marshaller<T> Marshaller<T>(MessageParser<T> parser)
        where T : class, IMessage<T>, IBufferMessage =>
        Marshallers.Create<T>(
            (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}
