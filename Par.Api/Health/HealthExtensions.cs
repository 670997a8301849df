using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Health;

/// <summary>One health registry feeds /health, /ready, /live and gRPC health.</summary>
internal static class HealthExtensions
{
    public const string ReadyTag = "ready";
    public const string LiveTag = "live";

    // A load balancer or a probe may check with HEAD: it gets GET's status and headers without the body.
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    private static readonly byte[] Alive = JsonSerializer.SerializeToUtf8Bytes(new LiveBody("alive"), HealthJson.Default.LiveBody);

    public static IHostApplicationBuilder AddParHealth(this IHostApplicationBuilder builder)
    {
        HealthJson.AddHealthJson(builder.Services);
        builder.Services.AddHealthChecks()
            .AddCheck<BootHealthCheck>("boot", tags: [ReadyTag])
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: [LiveTag]);
        builder.Services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map(string.Empty, r => r.Tags.Contains(ReadyTag));
            o.Services.Map("pixell.agent.AgentService", r => r.Tags.Contains(ReadyTag));
        });
        return builder;
    }

    /// <summary>/health and /ready at the root and under BASE (when BASE is not the root), and /live.</summary>
    public static IEndpointRouteBuilder MapParHealth(this IEndpointRouteBuilder app, ParOptions options)
    {
        var basePath = options.Listeners.BasePath;
        foreach (var prefix in basePath == "/" ? [string.Empty] : new[] { string.Empty, basePath })
        {
            var group = app.MapGroup(prefix).WithTags("Health");
            var suffix = prefix.Length == 0 ? string.Empty : "Base";
            group.MapMethods("/health", GetAndHead, (HealthCheckService checks, BootState state, HttpContext context) =>
                    Answer(checks, state, context, HealthResponses.Health, HealthJson.Default.HealthBody))
                .WithName("Health" + suffix)
                .Produces<HealthBody>(StatusCodes.Status200OK).Produces<HealthBody>(StatusCodes.Status503ServiceUnavailable)
                .WithSummary("Load balancer target check: 200 only when ready, else 503 with status, phase and error");
            group.MapMethods("/ready", GetAndHead, (HealthCheckService checks, BootState state, HttpContext context) =>
                    Answer(checks, state, context, HealthResponses.Ready, HealthJson.Default.ReadyBody))
                .WithName("Ready" + suffix)
                .Produces<ReadyBody>(StatusCodes.Status200OK).Produces<ReadyBody>(StatusCodes.Status503ServiceUnavailable)
                .WithSummary("Readiness with one entry per check: config, package, manifest, install, worker, rest, a2a, ui");
        }

        // Written directly rather than as an Ok<T> result, which looks up a logger and (natively, by reflection) the
        // type's name on every call: the probe a kubelet or a load balancer may call every second.
        app.MapMethods("/live", GetAndHead, (HttpResponse response) => HealthResponses.Write(response, StatusCodes.Status200OK, Alive))
            .Produces<LiveBody>(StatusCodes.Status200OK)
            .WithName("Live")
            .WithTags("Health")
            .WithSummary("Liveness: 200 while the process answers; never touches the agent");
        return app;
    }

    private static async Task Answer<TBody>(
        HealthCheckService checks, BootState state, HttpContext context, Func<BootSnapshot, TBody> body, JsonTypeInfo<TBody> type)
    {
        var report = await checks.CheckHealthAsync(r => r.Tags.Contains(ReadyTag), context.RequestAborted);
        var status = report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await HealthResponses.Write(context.Response, status, body(state.Current), type);
    }
}
