using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Shutdown;

namespace Par.Api.Lifecycle.Exit;

/// <summary>
/// Runs the composed runtime until shutdown and returns the process exit code. No exception escapes as a crash
/// (134): a port that cannot be opened is 71, anything else unexpected is 70, each with its reason logged.
/// </summary>
internal static class RuntimeRun
{
    /// <summary>Creates the runtime with <paramref name="create"/>, runs it and returns the exit code.</summary>
    public static async Task<int> RunAsync(ConfigResult config, Func<ConfigResult, WebApplication> create)
    {
        WebApplication app;
        try
        {
            app = create(config);
        }
        catch (Exception e)
        {
            // No logger exists yet: the reason goes to stderr, the exit code to the class of the failure.
            var code = e is WorkDirConflictException ? ExitCodes.ConfigInvalid : ExitCodes.AgentFailed;
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

    /// <summary>Runs until shutdown and returns the process exit code: the one the boot state recorded, else 0.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        var state = app.Services.GetRequiredService<BootState>();
        var signals = app.Services.GetRequiredService<ShutdownSignals>();
        var listeners = app.Services.GetServices<ListenerOwner>();
        try
        {
            await app.StartAsync();
        }
        catch (Exception e) when (ListenerFailure.From(e, listeners) is { } failure)
        {
            // Nothing listens: there is no /health to report through and no backoff to serve; clean up and go.
            BootLog.ListenerUnavailable(app.Logger, failure.Check.Name, failure.Message, failure.ExitCode);
            await app.Services.GetRequiredService<RuntimeCleanup>().RunAsync(signals.Hurry);
            BootLog.Exiting(app.Logger, failure.ExitCode);
            await app.DisposeAsync();
            return failure.ExitCode;
        }

        await WhenCancelled(app.Lifetime.ApplicationStopping);

        // The second signal's token reaches the drain delay and the listeners' wait for in-flight calls.
        await app.StopAsync(signals.Hurry);
        await app.Services.GetRequiredService<RuntimeCleanup>().RunAsync(signals.Hurry);
        var code = state.Current.ExitCode ?? ExitCodes.Ok;
        BootLog.Exiting(app.Logger, code);
        await app.DisposeAsync();
        return code;
    }

    private static Task WhenCancelled(CancellationToken token)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => stopped.SetResult());
        return stopped.Task;
    }
}
