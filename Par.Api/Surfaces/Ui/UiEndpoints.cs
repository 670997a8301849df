using Par.Api.Config;

namespace Par.Api.Surfaces.Ui;

/// <summary>The UI routes: {prefix}/{**path} for files, and ui-config.json telling the page where the API is.</summary>
internal static class UiEndpoints
{
    public static void MapUiRoutes(this IEndpointRouteBuilder app, string uiPrefix, string basePath, string host, Func<UiFiles?> files)
    {
        var config = new { apiBase = BasePath.Join(basePath, "/api") };
        app.MapGet(BasePath.Join(basePath, "/ui-config.json"), () => TypedResults.Ok(config))
            .RequireHost(host).WithTags("UI").WithName("UiConfig" + host).WithSummary("Where the UI finds the agent's API");
        app.MapGet(uiPrefix.TrimEnd('/') + "/ui-config.json", () => TypedResults.Ok(config))
            .RequireHost(host).ExcludeFromDescription();
        app.MapGet(uiPrefix.TrimEnd('/') + "/{**path}", (string? path, HttpContext context) =>
            {
                if (files() is not { } ui)
                {
                    return TypedResults.NotFound();
                }

                if (string.IsNullOrEmpty(path) && !context.Request.Path.Value!.EndsWith('/'))
                {
                    // Relative asset URLs in index.html need the trailing slash.
                    return Results.Redirect(context.Request.PathBase + context.Request.Path + "/" + context.Request.QueryString);
                }

                return ui.Serve(path);
            })
            .RequireHost(host).ExcludeFromDescription().WithOrder(int.MaxValue - 1);
    }
}
