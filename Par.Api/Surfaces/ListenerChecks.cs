using Par.Api.Config;
using Par.Api.Surfaces.Grpc;

namespace Par.Api.Surfaces;

/// <summary>
/// The self-checks of the runtime's own listeners: GET /live on REST and a gRPC Ping on A2A, over loopback. They do
/// not depend on the agent, so they run as soon as the listeners are up, while the package is fetched and the
/// agent's Python starts, and the surfaces phase awaits their outcome. The REST check's first call builds the HTTP/1.1
/// client that the agent's calls use too; the A2A check speaks HTTP/2 itself (<see cref="GrpcPingCheck"/>).
/// </summary>
internal sealed class ListenerChecks(ParOptions options, IHostApplicationLifetime lifetime) : BackgroundService
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);

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

        // Side by side: the A2A check costs the client little, and the server's first HTTP/2 call need not wait for
        // the REST check's first HttpClient call.
        var a2a = Task.Run(() => RunAsync(_a2a, () => PingAsync(stoppingToken), stoppingToken), CancellationToken.None);
        using var http = new HttpClient { Timeout = CheckTimeout };
        await RunAsync(_rest, () => ExpectOkAsync(http, new Uri($"http://127.0.0.1:{options.Listeners.RestPort}/live"), stoppingToken), stoppingToken);
        await a2a;
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
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CheckTimeout);
        try
        {
            await GrpcPingCheck.RunAsync(options.Listeners.A2aPort, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"Ping got no reply within {CheckTimeout.TotalSeconds:0} s");
        }
    }
}
