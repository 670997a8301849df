using Par.Api.Agents;
using Par.Api.Agents.Runtimes.Python;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Logging;
using Par.Api.Surfaces.Rest;
using Par.Api.Surfaces.Ui;

namespace Par.Api.Surfaces;

/// <summary>
/// The surfaces phase: the UI comes up, the agent's OpenAPI document is fetched, and every surface answers a
/// self-check over loopback before the runtime may call itself ready. The listeners' own checks started when they
/// opened (<see cref="ListenerChecks"/>); this phase awaits them.
/// </summary>
internal sealed partial class SurfacesPhase(
    ParOptions options, BootState state, RunningAgent agent, UiSurface ui, AgentOpenApi openApi, ListenerChecks listeners, ILogger<SurfacesPhase> logger)
    : IBootPhase
{
    public string Name => "surfaces";

    public int Order => 700;

    public BootCheck Check => SurfaceChecks.Rest;

    public async Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        var manifest = agent.Manifest!;
        await CheckAsync(SurfaceChecks.Rest, () => CheckRestAsync(cancellationToken), cancellationToken);
        await CheckAsync(SurfaceChecks.A2a, () => listeners.A2a.WaitAsync(cancellationToken), cancellationToken);
        if (manifest.DeclaresUi)
        {
            await ui.StartAsync(Path.Combine(context.PackageDirectory!, manifest.Ui!.Path!), cancellationToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await CheckAsync(SurfaceChecks.Ui, () => ListenerChecks.ExpectOkAsync(http, ui.IndexUrl, cancellationToken), cancellationToken);
        }
        else
        {
            state.SetCheck(SurfaceChecks.Ui, CheckState.Skipped);
        }
    }

    private async Task CheckAsync(BootCheck check, Func<Task> selfCheck, CancellationToken cancellationToken)
    {
        try
        {
            await selfCheck();
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is global::Grpc.Core.RpcException or OperationCanceledException)
        {
            // The boot's deadline or shutdown, not the surface, ended the check.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or global::Grpc.Core.RpcException or InvalidOperationException or TaskCanceledException)
        {
            throw new BootFailureException(ExitCodes.AgentFailed, check, $"the {check.Name} surface failed its self-check: {e.Message}");
        }

        state.SetCheck(check, CheckState.Ok);
    }

    private async Task CheckRestAsync(CancellationToken cancellationToken)
    {
        await listeners.Rest.WaitAsync(cancellationToken);
        if (agent.Worker is not { HasAsgi: true } worker)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, WorkerProtocol.Address);
        using var response = await worker.Invoker.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode >= 500)
        {
            throw new InvalidOperationException($"the agent's REST app answered {(int)response.StatusCode}");
        }

        try
        {
            await openApi.LoadAsync(worker.Invoker, options.Listeners.BasePath, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            OpenApiUnavailable(logger, e.Message);
        }
    }

    [LoggerMessage(EventId = LogEvents.Surfaces.AgentOpenapiUnavailable, EventName = "agent.openapi.unavailable", Level = LogLevel.Information,
        Message = "The agent's OpenAPI document could not be read: {Reason}")]
    private static partial void OpenApiUnavailable(ILogger logger, string reason);
}
