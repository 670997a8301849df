using Par.Api.Config;
using Par.Api.Lifecycle;

namespace Par.Api.Surfaces.Rest;

internal static class MetaEndpoints
{
    public static IEndpointRouteBuilder MapMeta(this IEndpointRouteBuilder app, ParOptions options)
    {
        var group = app.MapGroup(options.Listeners.BasePath == "/" ? string.Empty : options.Listeners.BasePath)
            .WithTags("Runtime")
            .RequireListener(options.Listeners.RestPort);
        group.MapGet("/meta", (BootContext boot, BootState state) => TypedResults.Ok(Meta(boot, state.Current, options)))
            .WithName("Meta")
            .WithSummary("The package, its surfaces, boot timings per phase and the runtime version");
        group.MapGet("/a2a/health", (BootState state) => Surface(state.Current, "a2a"))
            .WithName("A2aHealth")
            .WithSummary("State of the A2A (gRPC) surface");
        group.MapGet("/ui/health", (BootState state) => Surface(state.Current, "ui"))
            .WithName("UiHealth")
            .WithSummary("State of the UI surface");
        return app;
    }

    private static object Meta(BootContext boot, BootSnapshot snapshot, ParOptions options)
    {
        var manifest = boot.Manifest;
        return new
        {
            name = manifest?.Name,
            version = manifest?.Version,
            description = manifest?.Description,
            displayName = manifest?.DisplayName,
            sha256 = boot.PackageSha256,
            agentAppId = options.AgentAppId,
            deploymentId = options.DeploymentId,
            runtimeVersion = AgentDescription.RuntimeVersion,
            basePath = options.Listeners.BasePath,
            status = snapshot.Status.ToString().ToLowerInvariant(),
            surfaces = new
            {
                rest = manifest?.DeclaresRest ?? false,
                a2a = manifest?.DeclaresA2a ?? false,
                ui = manifest?.DeclaresUi ?? false,
            },
            actions = boot.Worker?.Actions ?? [],
            bootMs = snapshot.BootMs,
            phases = snapshot.Timings.ToDictionary(t => t.Phase, t => t.DurationMs),
            manifest = manifest?.Extra,
        };
    }

    /// <summary>200 when the surface answered its self-check and the runtime is ready, 404 when the package lacks it, else 503.</summary>
    private static IResult Surface(BootSnapshot snapshot, string check)
    {
        var state = snapshot.Checks[check];
        var body = new { surface = check, status = state.Status, detail = state.Detail, ready = snapshot.IsReady };
        var status = state.Status switch
        {
            "skipped" => StatusCodes.Status404NotFound,
            "ok" when snapshot.IsReady => StatusCodes.Status200OK,
            _ => StatusCodes.Status503ServiceUnavailable,
        };
        return TypedResults.Json(body, statusCode: status);
    }
}
