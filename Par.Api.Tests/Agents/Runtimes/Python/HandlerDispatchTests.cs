using System.Net;
using Par.Api.A2a.Protocol;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>
/// Where the worker runs each kind of handler, through a real PAR and a real worker over gRPC Invoke: a coroutine and a
/// plain function declared non-blocking (<c>__par_nonblocking__ = True</c>) on the event loop's thread, any other plain
/// function on the thread pool; a blocking handler in progress does not hold up a coroutine handler.
/// </summary>
public sealed class HandlerDispatchTests
{
    private const string Manifest = """
        name: dispatch
        version: 1.0.0
        exports:
          - {name: coro, handler: acts.coro}
          - {name: nonblocking, handler: acts.nonblocking}
          - {name: blocking, handler: acts.blocking}
          - {name: held, handler: acts.held}
          - {name: release, handler: acts.release}
        """;

    /// <summary>Each handler answers with the thread it ran on and the parameter it was given.</summary>
    private const string Module = """
        import asyncio
        import threading

        gate = threading.Event()


        def where(params):
            return "%s:%s" % (threading.current_thread().name, params.get("n", ""))


        async def coro(params):
            await asyncio.sleep(0)
            return where(params)


        def nonblocking(params):
            return where(params)


        nonblocking.__par_nonblocking__ = True


        def blocking(params):
            return where(params)


        def held(params):
            gate.wait(60)
            return "released" if gate.is_set() else "timed out"


        def release(params):
            gate.set()
            return "ok"


        release.__par_nonblocking__ = True
        """;

    [Fact]
    public async Task EachKindOfHandler_AnswersFromItsThread_AndABlockedOneDoesNotStallACoroutine()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", Manifest);
        dir.Write("pkg/acts.py", Module);
        await using var par = RuntimeProcess.Start(RuntimeProcess.Defaults().Package(dir.Combine("pkg")).WorkDirAt(dir.Combine("work")));
        await par.WaitForAsync("/ready", (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(90));
        var client = new AgentService.AgentServiceClient(GrpcChannels.For($"http://127.0.0.1:{par.A2aPort}"));

        var coro = await InvokeAsync(client, "coro", "1");
        var nonblocking = await InvokeAsync(client, "nonblocking", "2");
        var blocking = await InvokeAsync(client, "blocking", "3");

        Assert.Equal("MainThread:1", coro);
        Assert.Equal("MainThread:2", nonblocking);
        Assert.StartsWith("par-handler", blocking, StringComparison.Ordinal);
        Assert.EndsWith(":3", blocking, StringComparison.Ordinal);

        var held = client.InvokeAsync(new ActionRequest { Action = "held" }).ResponseAsync;
        var whileHeld = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => InvokeAsync(client, "coro", $"h{i}")));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"MainThread:h{i}"), whileHeld);
        Assert.False(held.IsCompleted, "the held handler answered before it was released");
        Assert.Equal("ok", await InvokeAsync(client, "release", "x"));
        var released = await held;
        Assert.True(released.Success, released.Error);
        Assert.Equal("released", released.Result);
    }

    private static async Task<string> InvokeAsync(AgentService.AgentServiceClient client, string action, string n)
    {
        var request = new ActionRequest { Action = action };
        request.Parameters["n"] = n;
        var result = await client.InvokeAsync(request);
        Assert.True(result.Success, result.Error);
        return result.Result;
    }
}
