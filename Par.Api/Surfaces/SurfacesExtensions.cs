using Microsoft.AspNetCore.Server.Kestrel.Core;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Surfaces.A2a;
using Par.Api.Surfaces.Grpc;
using Par.Api.Surfaces.Mcp;
using Par.Api.Surfaces.Rest;
using Par.Api.Surfaces.Ui;
using Par.Api.Telemetry;

namespace Par.Api.Surfaces;

internal static class SurfacesExtensions
{
    public static IHostApplicationBuilder AddParSurfaces(this IHostApplicationBuilder builder)
    {
        builder.AddParGrpc();
        builder.AddParA2a();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<ParOptions>((kestrel, options) =>
        {
            HostConfiguration.IgnoreKestrelSection(kestrel);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.Listeners.MaxRequestBodyBytes;
            kestrel.ListenAnyIP(options.Listeners.RestPort, l => l.Protocols = HttpProtocols.Http1);
            kestrel.ListenAnyIP(options.Listeners.A2aPort, l => l.Protocols = HttpProtocols.Http2);
        });
        // After the default socket transport (registered by the host's defaults): Kestrel asks this one first.
        builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IConnectionListenerFactory, InlineListeners>();
        HttpJson.AddHttpJson(builder.Services);
        builder.AddParSwagger();
        builder.AddParMcp();
        builder.Services.AddListenerPortRouting();
        builder.Services.AddHttpForwarder();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<UiSurface>();
        builder.Services.AddBootPhase<SurfacesPhase>();
        builder.Services.AddBootCheck(SurfaceChecks.Rest);
        builder.Services.AddBootCheck(SurfaceChecks.A2a);
        builder.Services.AddBootCheck(SurfaceChecks.Ui);
        AddListenerOwner(builder.Services, l => l.RestPort, EnvNames.RestPort, SurfaceChecks.Rest);
        AddListenerOwner(builder.Services, l => l.A2aPort, EnvNames.A2aPort, SurfaceChecks.A2a);
        AddListenerOwner(builder.Services, l => l.UiPort, EnvNames.UiPort, SurfaceChecks.Ui);
        builder.Services.AddSingleton<ListenerChecks>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ListenerChecks>());
        return builder;
    }

    /// <summary>A port that cannot be opened is exit 71 naming its variable and failing its surface's check.</summary>
    private static void AddListenerOwner(IServiceCollection services, Func<ListenerOptions, int> port, string variable, BootCheck check) =>
        services.AddSingleton(sp => new ListenerOwner(port(sp.GetRequiredService<ParOptions>().Listeners), variable, check));

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
        app.MapParMetrics(options)?.RequireListener(options.Listeners.RestPort);
        app.MapParGrpc(options);
        app.MapParMcp(options);
        app.MapParA2a(options);
        UiSurface.MapMultiplexed(app, options, app.Services.GetRequiredService<UiSurface>());
        app.MapAgentForwarding(options);
        return app;
    }
}
