using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Agents;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.A2a;

/// <summary>
/// CancelTask on a working task, seen from the handler in the real worker (SPEC §9, docs/a2a.md): a coroutine is
/// cancelled at its await; a synchronous handler runs to its end, the task is CANCELED at once and its late result is
/// dropped.
/// </summary>
public sealed class A2aCancellationTests
{
    private const string Path = "/a2a/jsonrpc";

    [Fact]
    public async Task CancelTask_WorkingCoroutine_TheHandlerIsCancelled()
    {
        using var dir = new TempDirectory();
        await using var host = await StartAsync(dir);
        var id = await SendImmediatelyAsync(host, "slow_async");
        await Poll.UntilAsync(async () => (await ReportAsync(host)).GetProperty("async_started").GetInt32() == 1,
            TimeSpan.FromSeconds(20), "the handler starts");

        var canceled = await CallAsync(host, "CancelTask", $$"""{"id":"{{id}}"}""");

        Assert.Equal("TASK_STATE_CANCELED", canceled.GetProperty("status").GetProperty("state").GetString());
        await Poll.UntilAsync(async () => (await ReportAsync(host)).GetProperty("async_cancelled").GetInt32() == 1,
            TimeSpan.FromSeconds(20), "the coroutine is cancelled");
    }

    [Fact]
    public async Task CancelTask_WorkingSyncHandler_CanceledAtOnceAndItsLateResultDropped()
    {
        using var dir = new TempDirectory();
        await using var host = await StartAsync(dir);
        var id = await SendImmediatelyAsync(host, "slow_sync");
        await Poll.UntilAsync(async () => (await ReportAsync(host)).GetProperty("sync_started").GetInt32() == 1,
            TimeSpan.FromSeconds(20), "the handler starts");

        var canceled = await CallAsync(host, "CancelTask", $$"""{"id":"{{id}}"}""");
        Assert.Equal("TASK_STATE_CANCELED", canceled.GetProperty("status").GetProperty("state").GetString());

        await CallAsync(host, "SendMessage", A2aHttp.Message("""{"skill":"let_sync_finish"}"""));
        await Poll.UntilAsync(async () => (await ReportAsync(host)).GetProperty("sync_finished").GetInt32() == 1,
            TimeSpan.FromSeconds(20), "the synchronous handler runs to its end");
        var task = await CallAsync(host, "GetTask", $$"""{"id":"{{id}}"}""");
        Assert.Equal("TASK_STATE_CANCELED", task.GetProperty("status").GetProperty("state").GetString());
        Assert.DoesNotContain("late", task.ToString(), StringComparison.Ordinal);
    }

    private static async Task<ParTestHost> StartAsync(TempDirectory dir)
    {
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("cancellable"), ("agent_main.py", FixtureAgents.CancellableModule));
        var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = package });
        var snapshot = await host.WaitForBootAsync();
        Assert.True(snapshot.IsReady, snapshot.Error);
        return host;
    }

    private static async Task<string> SendImmediatelyAsync(ParTestHost host, string skill)
    {
        var sent = await CallAsync(host, "SendMessage",
            A2aHttp.Message($$"""{"skill":"{{skill}}"}""", configuration: """{"returnImmediately":true}"""));
        return sent.GetProperty("task").GetProperty("id").GetString()!;
    }

    /// <summary>The agent's counters, through A2A itself: a blocking SendMessage of the report skill.</summary>
    private static async Task<JsonElement> ReportAsync(ParTestHost host)
    {
        var task = (await CallAsync(host, "SendMessage", A2aHttp.Message("""{"skill":"report"}"""))).GetProperty("task");
        Assert.Equal("TASK_STATE_COMPLETED", task.GetProperty("status").GetProperty("state").GetString());
        return task.GetProperty("artifacts")[0].GetProperty("parts")[0].GetProperty("data");
    }

    private static async Task<JsonElement> CallAsync(ParTestHost host, string method, string parameters)
    {
        var (status, body) = await A2aHttp.PostAsync(host.Rest, Path, A2aHttp.Call(method, parameters));
        Assert.Equal(200, status);
        Assert.True(body.TryGetProperty("result", out var result), body.ToString());
        return result;
    }
}
