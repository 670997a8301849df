using Par.Api.Config;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// The standard A2A surface (SPEC §9) on the REST listener, at two exact paths under BASE, so the agent's own routes
/// (a pixell-sdk app's /.well-known/agent.json and POST /) are still forwarded to it.
/// </summary>
internal static class A2aExtensions
{
    public static IHostApplicationBuilder AddParA2a(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<A2aTaskStore>();
        builder.Services.AddSingleton<A2aTasks>();
        return builder;
    }

    public static IEndpointRouteBuilder MapParA2a(this IEndpointRouteBuilder app, ParOptions options)
    {
        var basePath = options.Listeners.BasePath;
        var port = options.Listeners.RestPort;
        app.MapMethods(BasePath.Join(basePath, A2aCardEndpoint.Path), [HttpMethods.Get, HttpMethods.Head], A2aCardEndpoint.HandleAsync)
            .RequireListener(port)
            .ExcludeFromDescription();
        app.MapPost(BasePath.Join(basePath, A2aCard.JsonRpcPath), A2aJsonRpc.HandleAsync)
            .RequireListener(port)
            .ExcludeFromDescription();
        return app;
    }
}
