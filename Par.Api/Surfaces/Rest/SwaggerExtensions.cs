using Microsoft.OpenApi;
using Par.Api.Config;

namespace Par.Api.Surfaces.Rest;

/// <summary>Swagger UI at {BASE}/swagger with the runtime's document and, when the agent has one, the agent's.</summary>
internal static class SwaggerExtensions
{
    public static IHostApplicationBuilder AddParSwagger(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o => o.SwaggerDoc("runtime", new OpenApiInfo
        {
            Title = "PAR runtime",
            Version = AgentDescription.RuntimeVersion,
            Description = "The Pixell Agent Runtime's own routes: health, readiness, metadata.",
        }));
        builder.Services.AddSingleton<AgentOpenApi>();
        return builder;
    }

    public static WebApplication UseParSwagger(this WebApplication app, ParOptions options)
    {
        var prefix = options.Listeners.BasePath == "/" ? string.Empty : options.Listeners.BasePath.TrimStart('/') + "/";
        app.UseSwagger(o => o.RouteTemplate = prefix + "swagger/{documentName}/swagger.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = prefix + "swagger";
            o.SwaggerEndpoint("/" + prefix + "swagger/runtime/swagger.json", "PAR runtime");
        });
        app.MapGet(BasePath.Join(options.Listeners.BasePath, AgentOpenApi.DocumentPath), (AgentOpenApi agent) =>
                agent.Document is { } document ? Results.Text(document, "application/json") : Results.NotFound())
            .RequireListener(options.Listeners.RestPort)
            .ExcludeFromDescription();
        return app;
    }
}
