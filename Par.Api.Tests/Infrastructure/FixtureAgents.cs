namespace Par.Api.Tests.Infrastructure;

/// <summary>The small Python agents the tests write into packages, each named once here instead of copied per test.</summary>
internal static class FixtureAgents
{
    /// <summary>An agent.yaml whose A2A service module raises at import: boot fails with exit 70 and "config missing".</summary>
    public const string FailingImportManifest = "name: broken\nversion: 1.0.0\na2a:\n  service: boom:create\n";

    /// <summary>boom.py for <see cref="FailingImportManifest"/>.</summary>
    public const string FailingImportModule = "raise KeyError('config missing')\n";

    /// <summary>
    /// An a2a service (<c>agent_main:create_service</c>) whose calls can be abandoned: <c>slow_async</c> awaits 60 s and
    /// counts its cancellation; <c>slow_sync</c> blocks until <c>let_sync_finish</c>; <c>report</c> returns the counters
    /// (async_started, async_cancelled, sync_started, sync_finished).
    /// </summary>
    public const string CancellableModule = """
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

    /// <summary>
    /// Python, module level: <c>complete_lifespan(receive, send)</c> answers the ASGI lifespan protocol (startup, then
    /// shutdown), as every ASGI app a worker serves must.
    /// </summary>
    public const string LifespanHandshake = """
        async def complete_lifespan(receive, send):
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        """;

    /// <summary>
    /// An ASGI app module: <paramref name="preamble"/> (imports, constants) at the top, then <c>app</c>, which completes
    /// the lifespan handshake (startup, then shutdown) and otherwise runs <paramref name="httpBody"/> (Python, unindented;
    /// <c>scope</c>, <c>receive</c> and <c>send</c> in scope).
    /// </summary>
    public static string AsgiApp(string preamble, string httpBody)
    {
        var body = string.Join('\n', httpBody.TrimEnd().Split('\n').Select(line => line.Length == 0 ? line : "    " + line));
        return $$"""
            {{preamble.TrimEnd()}}


            {{LifespanHandshake}}


            async def app(scope, receive, send):
                if scope["type"] == "lifespan":
                    await complete_lifespan(receive, send)
                    return
            {{body}}

            """;
    }

    /// <summary>Writes the failing-import package under <c>pkg/</c>; returns its directory.</summary>
    public static string WriteFailingImport(TempDirectory dir)
    {
        dir.Write("pkg/boom.py", FailingImportModule);
        return Path.GetDirectoryName(dir.Write("pkg/agent.yaml", FailingImportManifest))!;
    }
}
