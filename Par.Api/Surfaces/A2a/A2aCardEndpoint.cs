using Par.Api.Agents;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// GET {BASE}/.well-known/agent-card.json: the card with ETag (If-None-Match answers 304), Cache-Control and
/// Vary: A2A-Version; 404 for an agent with no actions (a card needs a skill), 503 while none is known yet.
/// </summary>
internal static class A2aCardEndpoint
{
    public const string Path = "/.well-known/agent-card.json";

    public static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var agent = services.GetRequiredService<RunningAgent>();
        var options = services.GetRequiredService<ParOptions>();
        var response = context.Response;
        response.Headers.Vary = options.Listeners.PublicUrl is null
            ? "A2A-Version, Host, X-Forwarded-Proto, X-Forwarded-Host, X-Forwarded-Port, X-Forwarded-Prefix"
            : "A2A-Version";
        if (agent.Manifest is null || agent.Skills.Count == 0)
        {
            var booting = services.GetRequiredService<BootState>().Current.Status == BootStatus.Booting;
            var (status, title) = booting
                ? (StatusCodes.Status503ServiceUnavailable, "The agent is not ready")
                : (StatusCodes.Status404NotFound, "The agent has no actions, so it has no A2A agent card");
            await TypedResults.Problem(title: title, statusCode: status).ExecuteAsync(context);
            return;
        }

        // A 1.0 client asks for 1.0; everything else (no header: a 0.3 client) gets the hybrid card.
        var version = A2aVersions.Of(context.Request, out _) == A2aVersion.V1 ? A2aVersion.V1 : A2aVersion.V03;
        var body = A2aJson.Utf8(A2aCard.Build(agent, A2aPublicUrl.Of(context, options.Listeners), version));
        var etag = A2aCard.ETag(body);
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "public, max-age=300";
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = "application/json";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            response.ContentLength = body.Length;
            return;
        }

        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
