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
using Par.Api.Surfaces.Grpc;
using Par.Api.Surfaces.Rest;
using Par.Api.Telemetry;

namespace Par.Api;

/// <summary>The whole runtime, composed from its features.</summary>
internal static class ParApp
{
    public static WebApplication Create(ConfigResult config, ProcessExit exit)
    {
        var options = config.Options ?? throw new ArgumentException("configuration is invalid", nameof(config));
        var workDir = WorkDirOwnership.Claim(options.Lifecycle.WorkDir); // before anything writes there
        if (workDir.Conflicts.Count > 0)
        {
            throw new WorkDirConflictException(workDir.Path, workDir.Conflicts);
        }

        var headStart = PythonHeadStart.Begin(options);
        try
        {
            return Build(config, exit, options, workDir, headStart);
        }
        catch
        {
            headStart.DiscardAsync().GetAwaiter().GetResult();
            throw;
        }
    }

    private static WebApplication Build(ConfigResult config, ProcessExit exit, ParOptions options, WorkDirOwnership workDir, PythonHeadStart headStart)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenAnyIP(options.Listeners.RestPort, l => l.Protocols = HttpProtocols.Http1);
            kestrel.ListenAnyIP(options.Listeners.A2aPort, l => l.Protocols = HttpProtocols.Http2);
        });
        builder.AddParLogging(options);
        builder.AddParLifecycle(config, exit, workDir);
        builder.AddParHealth();
        builder.AddParPackages();
        builder.AddParSigning();
        builder.AddParExtraction();
        builder.AddParAgents(headStart);
        builder.AddParSurfaces();
        builder.AddParTelemetry(options);

        var app = builder.Build();
        app.UseParLifecycle();
        app.UseParSurfaces(options);
        app.UseRouting();
        app.MapParTelemetry(options);
        app.UseParSwagger(options);
        app.MapParHealth(options);
        app.MapParSurfaces(options);
        return app;
    }

    /// <summary>
    /// Creates the runtime, runs it until shutdown and returns the process exit code. No exception escapes as a crash
    /// (134): a port that cannot be opened is 71, anything else unexpected is 70, each with its reason logged.
    /// </summary>
    public static async Task<int> RunAsync(ConfigResult config)
    {
        WebApplication app;
        try
        {
            app = Create(config, new ProcessExit());
        }
        catch (Exception e)
        {
            // No logger exists yet: the reason goes to stderr, the exit code to the class of the failure.
            var code = e is WorkDirConflictException ? ExitCodes.ConfigInvalid
                : config.Options is { } options && ListenerFailure.From(e, options.Listeners) is { } listener ? listener.ExitCode
                : ExitCodes.AgentFailed;
            await Console.Error.WriteLineAsync($"PAR could not start ({e.GetType().Name}): {e.Message}; exiting with {code}");
            return code;
        }

        AppDomain.CurrentDomain.UnhandledException += (_, e) => LastResort.Crash(app.Logger, e.ExceptionObject);
        try
        {
            return await RunAsync(app);
        }
        catch (Exception e)
        {
            return await LastResort.ExitAsync(app, e);
        }
    }

    /// <summary>Runs until shutdown and returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        var exit = app.Services.GetRequiredService<ProcessExit>();
        var signals = app.Services.GetRequiredService<ShutdownSignals>();
        var options = app.Services.GetRequiredService<ParOptions>();
        try
        {
            await app.StartAsync();
        }
        catch (Exception e) when (ListenerFailure.From(e, options.Listeners) is { } failure)
        {
            // Nothing listens: there is no /health to report through and no backoff to serve; clean up and go.
            BootLog.ListenerUnavailable(app.Logger, failure.Check, failure.Message, failure.ExitCode);
            await app.Services.GetRequiredService<RuntimeCleanup>().RunAsync(signals.Hurry);
            BootLog.Exiting(app.Logger, failure.ExitCode);
            await app.DisposeAsync();
            return failure.ExitCode;
        }

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
