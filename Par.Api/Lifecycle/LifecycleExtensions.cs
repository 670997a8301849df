using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Lifecycle.Memory;
using Par.Api.Lifecycle.Shutdown;

namespace Par.Api.Lifecycle;

internal static class LifecycleExtensions
{
    /// <summary>
    /// Claims PAR_WORK_DIR, before anything writes there: a directory holding someone else's entries is
    /// <see cref="WorkDirConflictException"/> (exit 78).
    /// </summary>
    /// <param name="options">The valid configuration.</param>
    public static WorkDirOwnership ClaimWorkDir(ParOptions options)
    {
        var workDir = WorkDirOwnership.Claim(options.Lifecycle.WorkDir);
        return workDir.Conflicts.Count > 0 ? throw new WorkDirConflictException(workDir.Path, workDir.Conflicts) : workDir;
    }

    /// <summary>The options, the boot pipeline, shutdown and exit, in the work dir <see cref="ClaimWorkDir"/> claimed.</summary>
    /// <param name="builder">The host's builder.</param>
    /// <param name="config">The valid configuration.</param>
    /// <param name="workDir">PAR_WORK_DIR, claimed.</param>
    public static IHostApplicationBuilder AddParLifecycle(this IHostApplicationBuilder builder, ConfigResult config, WorkDirOwnership workDir)
    {
        var options = config.Options ?? throw new ArgumentException("configuration is invalid", nameof(config));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(workDir);
        builder.Services.AddSingleton(new EffectiveConfiguration(ConfigLoader.Effective(config.Snapshot)));
        builder.Services.AddBootCheck(BootCheck.Config);
        builder.Services.AddSingleton<BootState>();
        builder.Services.AddSingleton<BootSteps>();
        builder.Services.AddSingleton<BootContext>();
        builder.Services.AddSingleton<FailureExit>();
        builder.Services.AddSingleton<RuntimeCleanup>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<BootService>();
        builder.Services.AddHostedService<DrainService>();
        if (options.Lifecycle.IdleMemoryTrim)
        {
            builder.Services.AddHostedService<IdleMemoryTrim>();
        }

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

    /// <summary>Readiness turns unavailable on every surface from the first moment of shutdown.</summary>
    public static WebApplication UseParLifecycle(this WebApplication app)
    {
        var state = app.Services.GetRequiredService<BootState>();
        app.Lifetime.ApplicationStopping.Register(state.BeginDrain);
        return app;
    }
}
