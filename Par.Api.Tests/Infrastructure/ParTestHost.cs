using Microsoft.Extensions.Logging;
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

    public static async Task<ParTestHost> StartAsync(IDictionary<string, string?> environment)
    {
        var env = Defaults();
        foreach (var (key, value) in environment)
        {
            env[key] = value;
        }

        var host = new ParTestHost(env.ToDictionary(p => p.Key, p => p.Value));
        await host._app.StartAsync();
        return host;
    }

    /// <summary>Waits until boot ends (ready or failed) and returns the final snapshot.</summary>
    public async Task<BootSnapshot> WaitForBootAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var snapshot = State.Current;
            if (snapshot.Status != BootStatus.Booting)
            {
                return snapshot;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"boot did not finish; phase {State.Current.Phase}");
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

    private static Dictionary<string, string?> Defaults() => new()
    {
        [EnvNames.AgentAppId] = "test-agent",
        [EnvNames.RestPort] = TestPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        [EnvNames.A2aPort] = TestPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        [EnvNames.UiPort] = TestPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        [EnvNames.ParWorkDir] = Path.Combine(Path.GetTempPath(), $"par-work-{Guid.NewGuid():N}"),
        [EnvNames.BootFailureBackoffSec] = "0",
        [EnvNames.LogLevel] = "Warning",
    };
}
