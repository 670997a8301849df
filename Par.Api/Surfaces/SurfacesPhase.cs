using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Lifecycle;
using Par.Api.Surfaces.Rest;
using Par.Api.Surfaces.Ui;

namespace Par.Api.Surfaces;

/// <summary>
/// The surfaces phase: the UI comes up, the agent's OpenAPI document is fetched, and every surface answers a
/// self-check over loopback before the runtime may call itself ready.
/// </summary>
internal sealed partial class SurfacesPhase(
    ParOptions options, BootState state, UiSurface ui, AgentOpenApi openApi, ILogger<SurfacesPhase> logger) : IBootPhase
{
    public string Name => "surfaces";

    public async Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        var manifest = context.Manifest!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await CheckAsync("rest", () => CheckRestAsync(http, context, cancellationToken), cancellationToken);
        await CheckAsync("a2a", () => CheckA2aAsync(cancellationToken), cancellationToken);
        if (manifest.DeclaresUi)
        {
            await ui.StartAsync(Path.Combine(context.PackageDirectory!, manifest.Ui!.Path!), cancellationToken);
            await CheckAsync("ui", () => ExpectOkAsync(http, ui.IndexUrl, cancellationToken), cancellationToken);
        }
        else
        {
            state.SetCheck("ui", CheckState.Skipped);
        }
    }

    private async Task CheckAsync(string check, Func<Task> selfCheck, CancellationToken cancellationToken)
    {
        try
        {
            await selfCheck();
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is Grpc.Core.RpcException or OperationCanceledException)
        {
            // The boot's deadline or shutdown, not the surface, ended the check.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or Grpc.Core.RpcException or InvalidOperationException or TaskCanceledException)
        {
            throw new BootFailureException(ExitCodes.AgentFailed, check, $"the {check} surface failed its self-check: {e.Message}");
        }

        state.SetCheck(check, CheckState.Ok);
    }

    private async Task CheckRestAsync(HttpClient http, BootContext context, CancellationToken cancellationToken)
    {
        await ExpectOkAsync(http, new Uri($"http://127.0.0.1:{options.Listeners.RestPort}/live"), cancellationToken);
        if (context.Worker is not { HasAsgi: true } worker)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://agent-worker/"));
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

    private async Task CheckA2aAsync(CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{options.Listeners.A2aPort}");
        var pong = await new AgentService.AgentServiceClient(channel).PingAsync(new Empty(), cancellationToken: cancellationToken);
        if (pong.Message != "pong")
        {
            throw new InvalidOperationException($"Ping answered '{pong.Message}'");
        }
    }

    private static async Task ExpectOkAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {url.AbsolutePath} answered {(int)response.StatusCode}");
        }
    }

    [LoggerMessage(EventId = 600, EventName = "agent.openapi.unavailable", Level = LogLevel.Information,
        Message = "The agent's OpenAPI document could not be read: {Reason}")]
    private static partial void OpenApiUnavailable(ILogger logger, string reason);
}
