using Microsoft.AspNetCore.Server.Kestrel.Core;
using Par.Api.Config;
using Par.Api.Lifecycle;
using Par.Api.Surfaces.A2a;
using Par.Api.Surfaces.Grpc;
using Par.Api.Surfaces.Rest;
using Par.Api.Surfaces.Ui;

namespace Par.Api.Surfaces;

internal static class SurfacesExtensions
{
    public static IHostApplicationBuilder AddParSurfaces(this IHostApplicationBuilder builder)
    {
        builder.AddParGrpc();
        builder.AddParA2a();
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<ParOptions>((kestrel, options) => kestrel.Limits.MaxRequestBodySize = options.Listeners.MaxRequestBodyBytes);
        HttpJson.AddHttpJson(builder.Services);
        builder.AddParSwagger();
        builder.Services.AddListenerPortRouting();
        builder.Services.AddHttpForwarder();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<UiSurface>();
        builder.Services.AddSingleton<IBootPhase, SurfacesPhase>();
        builder.Services.AddSingleton<ListenerChecks>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ListenerChecks>());
        return builder;
    }

    /// <summary>Before routing: request ids for every listener, the A2A path prefix, HEAD for Swagger.</summary>
    public static WebApplication UseParSurfaces(this WebApplication app, ParOptions options)
    {
        app.UseRequestIds(options);
        app.UseGrpcPathPrefix(options);
        app.UseSwaggerHead(options);
        return app;
    }

    public static WebApplication MapParSurfaces(this WebApplication app, ParOptions options)
    {
        app.MapMeta(options);
        app.MapParGrpc(options);
        app.MapParA2a(options);
        UiSurface.MapMultiplexed(app, options, app.Services.GetRequiredService<UiSurface>());
        app.MapAgentForwarding(options);
        return app;
    }
}
