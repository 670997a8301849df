using Grpc.Net.Client;
using Par.Api.A2a.Protocol;
using Par.Api.Config;

namespace Par.Api.Surfaces;

/// <summary>
/// The self-checks of the runtime's own listeners: GET /live on REST and a gRPC Ping on A2A, over loopback. They do
/// not depend on the agent, so they run as soon as the listeners are up, while the package is fetched and the
/// agent's Python starts, and the surfaces phase awaits their outcome. The first call of each builds the HTTP/1.1
/// and HTTP/2 client and the gRPC call path (about 0.2 s of JIT) that the boot no longer waits for after the worker.
/// </summary>
internal sealed class ListenerChecks(ParOptions options, IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _a2a = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when GET /live answered 2xx; faults with the check's error.</summary>
    public Task Rest => _rest.Task;

    /// <summary>Completes when Ping answered "pong"; faults with the check's error.</summary>
    public Task A2a => _a2a.Task;

    public static async Task ExpectOkAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {url.AbsolutePath} answered {(int)response.StatusCode}");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetResult()))
        {
            await started.Task;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await RunAsync(_rest, () => ExpectOkAsync(http, new Uri($"http://127.0.0.1:{options.Listeners.RestPort}/live"), stoppingToken), stoppingToken);
        await RunAsync(_a2a, () => PingAsync(stoppingToken), stoppingToken);
    }

    private static async Task RunAsync(TaskCompletionSource outcome, Func<Task> check, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            outcome.TrySetCanceled(stoppingToken);
            return;
        }

        try
        {
            await check();
            outcome.TrySetResult();
        }
        catch (Exception e)
        {
            outcome.TrySetException(e);
        }
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{options.Listeners.A2aPort}");
        var pong = await new AgentService.AgentServiceClient(channel).PingAsync(new Empty(), cancellationToken: cancellationToken);
        if (pong.Message != "pong")
        {
            throw new InvalidOperationException($"Ping answered '{pong.Message}'");
        }
    }
}
