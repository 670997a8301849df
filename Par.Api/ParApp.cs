using Par.Api.Agents;
using Par.Api.Config;
using Par.Api.Health;
using Par.Api.Lifecycle;
using Par.Api.Logging;
using Par.Api.Packages;
using Par.Api.Packages.Extraction;
using Par.Api.Packages.Signing;
using Par.Api.Surfaces;
using Par.Api.Surfaces.Rest;
using Par.Api.Telemetry;

namespace Par.Api;

/// <summary>The whole runtime, composed from its features.</summary>
internal static class ParApp
{
    public static WebApplication Create(ConfigResult config)
    {
        var options = config.Options ?? throw new ArgumentException("configuration is invalid", nameof(config));
        var workDir = LifecycleExtensions.ClaimWorkDir(options);

        // Python's share of the boot (an interpreter start and its imports: the longest part of it) begins now,
        // beside the host's construction, instead of after half of it.
        var headStart = AgentsExtensions.BeginHeadStart(options);
        WebApplication app;
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = HostConfiguration.Args, ContentRootPath = AppContext.BaseDirectory });
            HostConfiguration.RemoveSettingsFiles(builder.Configuration);
            builder.AddParLifecycle(config, workDir);
            builder.AddParLogging(options);
            builder.AddParHealth();
            builder.AddParPackages();
            builder.AddParSigning();
            builder.AddParExtraction();
            builder.AddParAgents(options, headStart);
            builder.AddParSurfaces();
            builder.AddParTelemetry(options);
            app = builder.Build();
        }
        catch
        {
            // No container owns the head start yet: stop the standby interpreter and remove the venv it made.
            headStart.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        app.UseParLifecycle();
        app.UseParSurfaces(options);
        app.UseRouting();
        app.MapParTelemetry(options);
        app.UseParSwagger(options);
        app.MapParHealth(options);
        app.MapParSurfaces(options);
        return app;
    }
}
