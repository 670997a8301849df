using Microsoft.AspNetCore.Server.Kestrel.Core;
using Par.Api.Agents;
using Par.Api.Config;
using Par.Api.Health;
using Par.Api.Lifecycle;
using Par.Api.Logging;
using Par.Api.Packages;
using Par.Api.Packages.Extraction;
using Par.Api.Packages.Signing;
using Par.Api.Surfaces;
using Par.Api.Surfaces.A2a;
using Par.Api.Surfaces.Rest;

namespace Par.Api;

/// <summary>The whole runtime, composed from its features.</summary>
internal static class ParApp
{
    public static WebApplication Create(ConfigResult config, ProcessExit exit)
    {
        var options = config.Options ?? throw new ArgumentException("configuration is invalid", nameof(config));
        var headStart = PythonHeadStart.Begin(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenAnyIP(options.Listeners.RestPort, l => l.Protocols = HttpProtocols.Http1);
            kestrel.ListenAnyIP(options.Listeners.A2aPort, l => l.Protocols = HttpProtocols.Http2);
        });
        builder.AddParLogging(options);
        builder.AddParLifecycle(config, exit);
        builder.AddParHealth();
        builder.AddParPackages();
        builder.AddParSigning();
        builder.AddParExtraction();
        builder.AddParAgents(headStart);
        builder.AddParSurfaces();

        var app = builder.Build();
        app.UseParLifecycle();
        app.UseParSurfaces(options);
        app.UseRouting();
        app.UseParSwagger(options);
        app.MapParHealth(options);
        app.MapParSurfaces(options);
        return app;
    }

    /// <summary>Runs until shutdown and returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        var exit = app.Services.GetRequiredService<ProcessExit>();
        var signals = app.Services.GetRequiredService<ShutdownSignals>();
        await app.StartAsync();
        await WhenCancelled(app.Lifetime.ApplicationStopping);

        // The second signal's token reaches the drain delay and the listeners' wait for in-flight calls.
        await app.StopAsync(signals.Hurry);
        await app.Services.GetRequiredService<RuntimeCleanup>().RunAsync(signals.Hurry);
        BootLog.Exiting(app.Logger, exit.Code);
        await app.DisposeAsync();
        return exit.Code;
    }

    private static Task WhenCancelled(CancellationToken token)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => stopped.SetResult());
        return stopped.Task;
    }
}
