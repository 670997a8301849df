using System.Text.Json;
using Grpc.Core;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Tests.Agents;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.Grpc;

/// <summary>
/// A gRPC Invoke the caller gives up on, by its deadline or by cancelling, reaches the handler in the real worker: PAR
/// closes its connection to the worker, which cancels the coroutine at its await.
/// </summary>
public sealed class InvokeCancellationTests
{
    [Fact]
    public async Task Invoke_PastItsDeadline_DeadlineExceededAndTheHandlerCancelled()
    {
        using var dir = new TempDirectory();
        await using var host = await StartAsync(dir);
        var client = new AgentService.AgentServiceClient(GrpcChannels.For(host.A2aAddress));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.InvokeAsync(new ActionRequest { Action = "slow_async" }, deadline: DateTime.UtcNow.AddSeconds(1)));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await Poll.UntilAsync(async () => (await ReportAsync(client)).Cancelled == 1, TimeSpan.FromSeconds(20), "the handler is cancelled");
    }

    [Fact]
    public async Task Invoke_CancelledByTheCaller_TheHandlerCancelled()
    {
        using var dir = new TempDirectory();
        await using var host = await StartAsync(dir);
        var client = new AgentService.AgentServiceClient(GrpcChannels.For(host.A2aAddress));
        using var cancel = new CancellationTokenSource();

        var call = client.InvokeAsync(new ActionRequest { Action = "slow_async" }, cancellationToken: cancel.Token);
        await Poll.UntilAsync(async () => (await ReportAsync(client)).Started == 1, TimeSpan.FromSeconds(20), "the handler starts");
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await Poll.UntilAsync(async () => (await ReportAsync(client)).Cancelled == 1, TimeSpan.FromSeconds(20), "the handler is cancelled");
    }

    private static async Task<ParTestHost> StartAsync(TempDirectory dir)
    {
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("cancellable"), ("agent_main.py", FixtureAgents.CancellableModule));
        var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = package });
        var snapshot = await host.WaitForBootAsync();
        Assert.True(snapshot.IsReady, snapshot.Error);
        return host;
    }

    private static async Task<(int Started, int Cancelled)> ReportAsync(AgentService.AgentServiceClient client)
    {
        var result = await client.InvokeAsync(new ActionRequest { Action = "report" });
        Assert.True(result.Success, result.Error);
        var state = JsonDocument.Parse(result.Result).RootElement;
        return (state.GetProperty("async_started").GetInt32(), state.GetProperty("async_cancelled").GetInt32());
    }
}
