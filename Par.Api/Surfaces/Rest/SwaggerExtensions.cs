using Microsoft.OpenApi;
using Par.Api.Config;

namespace Par.Api.Surfaces.Rest;

/// <summary>Swagger UI at {BASE}/swagger with the runtime's document and, when the agent has one, the agent's.</summary>
internal static class SwaggerExtensions
{
    public static IHostApplicationBuilder AddParSwagger(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("runtime", new OpenApiInfo
            {
                Title = "PAR runtime",
                Version = RuntimeVersion.Value,
                Description = "The Pixell Agent Runtime's own routes: health, readiness, metadata.",
            });
            // Schema ids must be valid OpenAPI component names: type names without generic or nested punctuation.
            o.CustomSchemaIds(type => type.Name.Split('`')[0].Replace('+', '.'));
        });
        builder.Services.AddSingleton<AgentOpenApi>();
        return builder;
    }

    /// <summary>Before routing: HEAD on {BASE}/swagger... is answered as GET (Swagger UI serves GET only; Kestrel sends no body for HEAD).</summary>
    public static WebApplication UseSwaggerHead(this WebApplication app, ParOptions options)
    {
        var swaggerPath = new PathString(BasePath.Join(options.Listeners.BasePath, "/swagger"));
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method) && context.Request.Path.StartsWithSegments(swaggerPath))
            {
                context.Request.Method = HttpMethods.Get;
            }

            return next(context);
        });
        return app;
    }

    public static WebApplication UseParSwagger(this WebApplication app, ParOptions options)
    {
        var prefix = options.Listeners.BasePath == "/" ? string.Empty : options.Listeners.BasePath.TrimStart('/') + "/";
        var ui = app.Services.GetRequiredService<AgentOpenApi>().UiOptions;
        ui.RoutePrefix = prefix + "swagger";
        ui.SwaggerEndpoint("/" + prefix + "swagger/runtime/swagger.json", "PAR runtime");
        // Middleware, not endpoints: bound to the REST listener by the connection's local port, as the routes are.
        var restPort = options.Listeners.RestPort;
        app.UseWhen(context => context.Connection.LocalPort == restPort, rest =>
        {
            rest.UseSwagger(o => o.RouteTemplate = prefix + "swagger/{documentName}/swagger.json");
            rest.UseSwaggerUI(ui);
        });
        app.MapGet(BasePath.Join(options.Listeners.BasePath, AgentOpenApi.DocumentPath), (AgentOpenApi agent) =>
                agent.Document is { } document ? Results.Text(document, "application/json") : Results.NotFound())
            .RequireListener(options.Listeners.RestPort)
            .ExcludeFromDescription();
        return app;
    }
}
