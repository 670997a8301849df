using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Par.Api.Config;

namespace Par.Api.Surfaces.Grpc;

internal static class GrpcExtensions
{
    public static IHostApplicationBuilder AddParGrpc(this IHostApplicationBuilder builder)
    {
        // Stateless: resolved once from the container instead of made per call.
        builder.Services.AddSingleton<LoadBalancerHealthInterceptor>();
        builder.Services.AddSingleton<AgentGrpcService>();
        builder.Services.AddSingleton<GrpcReflectionService>();
        builder.Services.AddGrpc(o => o.Interceptors.Add<LoadBalancerHealthInterceptor>());
        // Neither service has a generated base class, so grpc-dotnet's own provider finds no BindService on them.
        builder.Services.AddSingleton<IServiceMethodProvider<AgentGrpcService>, AgentServiceMethods>();
        builder.Services.AddSingleton<IServiceMethodProvider<GrpcReflectionService>, GrpcReflectionService.Methods>();
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<ParOptions>((grpc, options) =>
        {
            grpc.MaxReceiveMessageSize = options.Listeners.MaxGrpcMessageBytes;
            grpc.MaxSendMessageSize = options.Listeners.MaxGrpcMessageBytes;
        });
        return builder;
    }

    /// <summary>
    /// Calls addressed as {BASE}/a2a/pixell.agent.AgentService/Method (an ALB routing by path keeps the prefix)
    /// reach the same service. Runs before routing, on the A2A listener only.
    /// </summary>
    public static WebApplication UseGrpcPathPrefix(this WebApplication app, ParOptions options)
    {
        var prefix = new PathString(BasePath.Join(options.Listeners.BasePath, "/a2a"));
        var port = options.Listeners.A2aPort;
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort == port && context.Request.Path.StartsWithSegments(prefix, out var rest) && rest.HasValue)
            {
                context.Request.PathBase = context.Request.PathBase.Add(prefix);
                context.Request.Path = rest;
            }

            return next(context);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapParGrpc(this IEndpointRouteBuilder app, ParOptions options)
    {
        var port = options.Listeners.A2aPort;
        app.MapGrpcService<AgentGrpcService>().RequireListener(port);
        app.MapGrpcHealthChecksService().RequireListener(port);
        app.MapGrpcService<GrpcReflectionService>().RequireListener(port);
        return app;
    }
}
