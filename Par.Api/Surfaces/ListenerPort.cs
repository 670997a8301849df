namespace Par.Api.Surfaces;

/// <summary>
/// Binds endpoints to the listener a connection arrived on, by its local port. RequireHost would match the Host
/// header instead, which a load balancer sets to the public name (an ALB sends <c>name</c> or <c>name:443</c>, a
/// Kubernetes Service <c>svc</c>), so every route must be chosen by the socket, never by what the client says.
/// </summary>
internal static class ListenerPort
{
    /// <summary>Registers the matcher policy that enforces <see cref="RequireListener{TBuilder}"/>.</summary>
    public static IServiceCollection AddListenerPortRouting(this IServiceCollection services)
    {
        services.AddSingleton<MatcherPolicy, ListenerPortMatcherPolicy>();
        return services;
    }

    /// <summary>The endpoints answer only connections that arrived on <paramref name="port"/>, whatever their Host.</summary>
    public static TBuilder RequireListener<TBuilder>(this TBuilder builder, int port)
        where TBuilder : IEndpointConventionBuilder
    {
        var metadata = new ListenerPortMetadata(port);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }
}
