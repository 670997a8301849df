using Par.Api.Config;

namespace Par.Api.Surfaces.Ui;

/// <summary>The UI routes: {prefix}/{**path} for files, and ui-config.json telling the page where the API is.</summary>
internal static class UiEndpoints
{
    public static void MapUiRoutes(this IEndpointRouteBuilder app, string uiPrefix, string basePath, int port, Func<UiFiles?> files)
    {
        var config = new UiConfig(BasePath.Join(basePath, "/api"));
        var configPath = BasePath.Join(basePath, "/ui-config.json");
        app.MapGet(configPath, () => TypedResults.Ok(config))
            .RequireListener(port).WithTags("UI").WithName("UiConfig").WithSummary("Where the UI finds the agent's API");
        var prefixedConfigPath = uiPrefix.TrimEnd('/') + "/ui-config.json";
        if (prefixedConfigPath != configPath)
        {
            // Standalone, the UI prefix is BASE itself: the same route mapped twice would be ambiguous (500).
            app.MapGet(prefixedConfigPath, () => TypedResults.Ok(config))
                .RequireListener(port).ExcludeFromDescription();
        }

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
            .RequireListener(port).ExcludeFromDescription().WithOrder(int.MaxValue - 1);
    }
}
