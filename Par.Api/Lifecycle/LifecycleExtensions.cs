using Par.Api.Config;

namespace Par.Api.Lifecycle;

internal static class LifecycleExtensions
{
    public static IHostApplicationBuilder AddParLifecycle(this IHostApplicationBuilder builder, ConfigResult config, ProcessExit exit, WorkDirOwnership workDir)
    {
        var options = config.Options!;
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(exit);
        builder.Services.AddSingleton(workDir);
        builder.Services.AddSingleton(new EffectiveConfiguration(ConfigLoader.Effective(config.Snapshot)));
        builder.Services.AddBootCheck(BootCheck.Config);
        builder.Services.AddSingleton<BootState>();
        builder.Services.AddSingleton<BootContext>();
        builder.Services.AddSingleton<FailureExit>();
        builder.Services.AddSingleton<RuntimeCleanup>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<BootService>();
        builder.Services.AddHostedService<DrainService>();
        builder.Services.AddSingleton<ShutdownSignals>();
        builder.Services.AddSingleton<IHostLifetime>(sp => sp.GetRequiredService<ShutdownSignals>());
        builder.Services.Configure<HostOptions>(o =>
        {
            // The host's stop token bounds the delay and the wait for in-flight calls together; the listeners
            // abort what is still running when it fires.
            o.ShutdownTimeout = options.Lifecycle.ShutdownDelay + options.Lifecycle.GracefulShutdownTimeout;
        });
        return builder;
    }

    /// <summary>Readiness turns 503 (and gRPC health NOT_SERVING) from the first moment of shutdown.</summary>
    public static WebApplication UseParLifecycle(this WebApplication app)
    {
        var state = app.Services.GetRequiredService<BootState>();
        app.Lifetime.ApplicationStopping.Register(state.BeginDrain);
        return app;
    }
}
