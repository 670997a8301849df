using Microsoft.AspNetCore.Server.Kestrel.Core;
using Par.Api.Config;
using Par.Api.Health;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Surfaces.Ui;

/// <summary>
/// The agent's UI: on the REST listener under {BASE}/ui/ when MULTIPLEXED, otherwise on its own listener on
/// UI_PORT under {BASE}/, started only once the manifest shows the package has a UI.
/// </summary>
internal sealed class UiSurface(ParOptions options, BootState state) : IAsyncDisposable
{
    private WebApplication? _standalone;

    public UiFiles? Files { get; private set; }

    /// <summary>The URL of index.html, for the self-check.</summary>
    public Uri IndexUrl => options.Listeners.Multiplexed
        ? new Uri($"http://127.0.0.1:{options.Listeners.RestPort}{BasePath.Join(options.Listeners.BasePath, "/ui/")}")
        : new Uri($"http://127.0.0.1:{options.Listeners.UiPort}{BasePath.Join(options.Listeners.BasePath, "/")}");

    public async Task StartAsync(string uiRoot, CancellationToken cancellationToken)
    {
        Files = new UiFiles(uiRoot);
        if (!options.Listeners.Multiplexed)
        {
            _standalone = BuildStandalone();
            await _standalone.StartAsync(cancellationToken);
        }
    }

    public static void MapMultiplexed(IEndpointRouteBuilder app, ParOptions options, UiSurface surface)
    {
        if (options.Listeners.Multiplexed)
        {
            app.MapUiRoutes(BasePath.Join(options.Listeners.BasePath, "/ui/"), options.Listeners.BasePath, options.Listeners.RestPort, () => surface.Files);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_standalone is not null)
        {
            await _standalone.StopAsync();
            await _standalone.DisposeAsync();
        }
    }

    private WebApplication BuildStandalone()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddListenerPortRouting();
        HttpJson.AddHttpJson(builder.Services);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.ListenAnyIP(options.Listeners.UiPort, l => l.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.MapMethods("/health", [HttpMethods.Get, HttpMethods.Head], (HttpResponse response) =>
        {
            var snapshot = state.Current;
            return HealthResponses.Write(response, snapshot.IsReady ? 200 : 503, HealthResponses.Health(snapshot), HealthJson.Default.HealthBody);
        });
        app.MapUiRoutes(BasePath.Join(options.Listeners.BasePath, "/"), options.Listeners.BasePath, options.Listeners.UiPort, () => Files);
        return app;
    }
}
