using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Shutdown;

namespace Par.Api.Tests.Infrastructure;

/// <summary>
/// The real runtime, in process, on real Kestrel listeners with free ports. Each test gets its own host and
/// environment (no process-wide variables), so boot state never leaks between tests.
/// </summary>
internal sealed class ParTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ParTestHost(IReadOnlyDictionary<string, string?> environment)
    {
        Environment = environment;
        var config = ConfigLoader.Load(environment);
        if (!config.IsValid)
        {
            throw new InvalidOperationException("test configuration invalid: " + string.Join("; ", config.Errors));
        }

        Options = config.Options!;
        _app = ParApp.Create(config);
        _app.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
        Rest = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Options.Listeners.RestPort}") };
    }

    public IReadOnlyDictionary<string, string?> Environment { get; }

    public ParOptions Options { get; }

    /// <summary>The code the process would exit with: the one the boot state recorded, else 0.</summary>
    public int ExitCode => State.Current.ExitCode ?? 0;

    /// <summary>Every log event at or above LOG_LEVEL (Warning unless the test sets it).</summary>
    public CapturedLogs Logs { get; } = new();

    public HttpClient Rest { get; }

    public IServiceProvider Services => _app.Services;

    public BootState State => _app.Services.GetRequiredService<BootState>();

    public string A2aAddress => $"http://127.0.0.1:{Options.Listeners.A2aPort}";

    /// <summary>The test's variables over <see cref="Defaults"/>.</summary>
    public static Task<ParTestHost> StartAsync(IDictionary<string, string?> environment) =>
        StartAsync(Defaults().With(environment));

    public static async Task<ParTestHost> StartAsync(ParEnvironment environment)
    {
        var host = new ParTestHost(environment.Build());
        await host._app.StartAsync();
        return host;
    }

    /// <summary>Free ports, a fresh work dir, no backoff, LOG_LEVEL=Warning: start from these and add the test's own.</summary>
    public static ParEnvironment Defaults() => ParEnvironment.Listening().With(EnvNames.LogLevel, "Warning");

    /// <summary>GET <paramref name="path"/> on the REST listener, as a client sees it: the status and the JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(string path)
    {
        using var response = await Rest.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Calls <paramref name="action"/> over gRPC Invoke on the A2A listener, as a client does.</summary>
    public async Task<ActionResult> InvokeAsync(string action, params (string Name, string Value)[] parameters)
    {
        var request = new ActionRequest { Action = action };
        foreach (var (name, value) in parameters)
        {
            request.Parameters[name] = value;
        }

        return await new AgentService.AgentServiceClient(GrpcChannels.For(A2aAddress)).InvokeAsync(request);
    }

    /// <summary>The status of one check in the /ready body.</summary>
    public async Task<string?> ReadyCheckAsync(string check) =>
        (await GetJsonAsync("/ready")).Body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString();

    /// <summary>Waits until boot ends (ready or failed) and returns the final snapshot.</summary>
    public async Task<BootSnapshot> WaitForBootAsync(TimeSpan? timeout = null)
    {
        await Poll.UntilAsync(
            () => State.Current.Status != BootStatus.Booting,
            timeout ?? TimeSpan.FromSeconds(60),
            "boot finishes (ready or failed)",
            () => $"phase {State.Current.Phase}");
        return State.Current;
    }

    public async ValueTask DisposeAsync()
    {
        Rest.Dispose();
        await _app.StopAsync();
        // As the real process does after shutdown: stop the agent worker, so no Python process outlives its test.
        await _app.Services.GetRequiredService<RuntimeCleanup>().RunAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (Directory.Exists(Options.Lifecycle.WorkDir))
        {
            Directory.Delete(Options.Lifecycle.WorkDir, recursive: true);
        }
    }
}
