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

    private const string Module = """
        import asyncio
        import threading

        state = {"async_started": 0, "async_cancelled": 0, "sync_started": 0, "sync_finished": 0}
        release = threading.Event()


        async def slow_async(params):
            state["async_started"] += 1
            try:
                await asyncio.sleep(60)
            except asyncio.CancelledError:
                state["async_cancelled"] += 1
                raise
            return "finished"


        def slow_sync(params):
            state["sync_started"] += 1
            release.wait(60)
            state["sync_finished"] += 1
            return {"late": True}


        def let_sync_finish(params):
            release.set()
            return "released"


        def report(params):
            return state


        def create_service():
            return {"custom_handlers": {"slow_async": slow_async, "slow_sync": slow_sync,
                                        "let_sync_finish": let_sync_finish, "report": report}}

        """;

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
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("cancellable"), ("agent_main.py", Module));
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
