using Microsoft.Extensions.Diagnostics.HealthChecks;
using Par.Api.Config;

namespace Par.Api.Health;

/// <summary>One health registry feeds /health, /ready, /live and gRPC health.</summary>
internal static class HealthExtensions
{
    public const string ReadyTag = "ready";
    public const string LiveTag = "live";

    public static IHostApplicationBuilder AddParHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<BootHealthCheck>("boot", tags: [ReadyTag])
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: [LiveTag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapParHealth(this IEndpointRouteBuilder app, ParOptions options)
    {
        var basePath = options.Listeners.BasePath;
        foreach (var prefix in basePath == "/" ? [""] : new[] { "", basePath })
        {
            app.MapHealthChecks(prefix + "/health", HealthResponses.Options(HealthResponses.Health));
            app.MapHealthChecks(prefix + "/ready", HealthResponses.Options(HealthResponses.Ready));
        }

        app.MapHealthChecks("/live", new()
        {
            Predicate = r => r.Tags.Contains(LiveTag),
            AllowCachingResponses = false,
            ResponseWriter = (context, _) => context.Response.WriteAsJsonAsync(new { status = "alive" }),
        });
        return app;
    }
}
