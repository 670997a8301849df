using Microsoft.OpenApi;
using Par.Api.Config;

namespace Par.Api.Surfaces.Rest;

/// <summary>Swagger UI at {BASE}/swagger with the runtime's document and, when the agent has one, the agent's.</summary>
internal static class SwaggerExtensions
{
    private const string RuntimeDocument = "runtime";

    public static IHostApplicationBuilder AddParSwagger(this IHostApplicationBuilder builder)
    {
        // Microsoft.AspNetCore.OpenApi builds the runtime's document from the endpoints' metadata with the
        // source-generated JSON contracts (Swashbuckle's SwaggerGen reflects over types: not NativeAOT-safe).
        builder.Services.AddOpenApi(RuntimeDocument, o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "PAR runtime",
                    Version = RuntimeVersion.Value,
                    Description = "The Pixell Agent Runtime's own routes: health, readiness, metadata.",
                };
                // The paths already carry BASE; a server taken from the request's Host would be wrong behind a proxy.
                document.Servers = [];
                return Task.CompletedTask;
            });
        });
        builder.Services.AddSingleton<AgentOpenApi>();
        return builder;
    }

    /// <summary>Before routing: HEAD on {BASE}/swagger... is answered as GET (Swagger UI serves GET only; Kestrel sends no body for HEAD).</summary>
    public static WebApplication UseSwaggerHead(this WebApplication app, ParOptions options)
    {
        var swaggerPath = SwaggerPath(options);
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
        app.MapOpenApi("/" + prefix + "swagger/{documentName}/swagger.json").RequireListener(options.Listeners.RestPort);
        // Middleware, not endpoints: bound to the REST listener by the connection's local port, as the routes are, and
        // entered only under {BASE}/swagger (it matches every path it sees against regular expressions of its own).
        var restPort = options.Listeners.RestPort;
        var swaggerPath = SwaggerPath(options);
        app.UseWhen(context => context.Connection.LocalPort == restPort && context.Request.Path.StartsWithSegments(swaggerPath),
            rest => rest.UseSwaggerUI(ui));
        app.MapGet(BasePath.Join(options.Listeners.BasePath, AgentOpenApi.DocumentPath), (AgentOpenApi agent) =>
                agent.Document is { } document ? Results.Text(document, "application/json") : Results.NotFound())
            .RequireListener(options.Listeners.RestPort)
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>{BASE}/swagger: Swagger UI's pages and the documents.</summary>
    private static PathString SwaggerPath(ParOptions options) => new(BasePath.Join(options.Listeners.BasePath, "/swagger"));
}
