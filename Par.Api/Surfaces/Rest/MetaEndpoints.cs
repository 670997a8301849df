using Microsoft.AspNetCore.Http.HttpResults;
using Par.Api.Agents;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Surfaces.Rest;

internal static class MetaEndpoints
{
    public static IEndpointRouteBuilder MapMeta(this IEndpointRouteBuilder app, ParOptions options)
    {
        var group = app.MapGroup(options.Listeners.BasePath == "/" ? string.Empty : options.Listeners.BasePath)
            .WithTags("Runtime")
            .RequireListener(options.Listeners.RestPort);
        group.MapGet("/meta", (BootContext boot, RunningAgent agent, BootState state) => TypedResults.Ok(Meta(boot, agent, state.Current, options)))
            .WithName("Meta")
            .WithSummary("The package, its surfaces, boot timings per phase and the runtime version");
        group.MapGet("/a2a/health", (BootState state) => Surface(state.Current, SurfaceChecks.A2a))
            .WithName("A2aHealth")
            .WithSummary("State of the A2A (gRPC) surface")
            .Produces<SurfaceHealth>(StatusCodes.Status200OK).Produces<SurfaceHealth>(StatusCodes.Status404NotFound)
            .Produces<SurfaceHealth>(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/ui/health", (BootState state) => Surface(state.Current, SurfaceChecks.Ui))
            .WithName("UiHealth")
            .WithSummary("State of the UI surface")
            .Produces<SurfaceHealth>(StatusCodes.Status200OK).Produces<SurfaceHealth>(StatusCodes.Status404NotFound)
            .Produces<SurfaceHealth>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static MetaResponse Meta(BootContext boot, RunningAgent agent, BootSnapshot snapshot, ParOptions options)
    {
        var manifest = agent.Manifest;
        return new MetaResponse
        {
            Name = manifest?.Name,
            Version = manifest?.Version,
            Description = manifest?.Description,
            DisplayName = manifest?.DisplayName,
            Author = manifest?.Author,
            License = manifest?.License,
            Capabilities = manifest?.Capabilities,
            Metadata = manifest?.Metadata,
            Sha256 = boot.PackageSha256,
            AgentAppId = options.AgentAppId,
            DeploymentId = options.DeploymentId,
            RuntimeVersion = RuntimeVersion.Value,
            BasePath = options.Listeners.BasePath,
            Status = snapshot.Status.ToString().ToLowerInvariant(),
            Surfaces = new MetaSurfaces(manifest?.DeclaresRest ?? false, manifest?.DeclaresA2a ?? false, manifest?.DeclaresUi ?? false),
            Actions = agent.Actions,
            Workers = agent.Worker?.Pids.Count,
            BootMs = snapshot.BootMs,
            Phases = snapshot.Timings.ToDictionary(t => t.Phase, t => t.DurationMs),
            Manifest = manifest?.Extra,
        };
    }

    /// <summary>200 when the surface answered its self-check and the runtime is ready, 404 when the package lacks it, else 503.</summary>
    private static JsonHttpResult<SurfaceHealth> Surface(BootSnapshot snapshot, BootCheck check)
    {
        var state = snapshot.Checks[check.Name];
        var body = new SurfaceHealth(check.Name, state.Status, state.Detail, snapshot.IsReady);
        var status = state.Status switch
        {
            "skipped" => StatusCodes.Status404NotFound,
            "ok" when snapshot.IsReady => StatusCodes.Status200OK,
            _ => StatusCodes.Status503ServiceUnavailable,
        };
        return TypedResults.Json(body, HttpJson.Default.SurfaceHealth, statusCode: status);
    }
}
