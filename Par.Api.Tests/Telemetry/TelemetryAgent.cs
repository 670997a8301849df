using Par.Api.Tests.Agents;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Telemetry;

/// <summary>
/// Agent packages for the telemetry tests. Each has an ASGI app that answers every path with the traceparent header
/// it received (empty when none), and either a servicer whose Invoke answers with request.traceparent or plain
/// handlers with the given action names.
/// </summary>
internal static class TelemetryAgent
{
    private static readonly string Rest = FixtureAgents.AsgiApp(string.Empty, """
        seen = dict(scope["headers"]).get(b"traceparent", b"")
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": seen})
        """);

    private const string TraceparentServicer = """
        class Servicer:
            def Invoke(self, request, context):
                return {"success": True, "result": request.traceparent or ""}


        def create_service():
            return Servicer()

        """;

    /// <summary>Invoke answers with the traceparent the worker received.</summary>
    public static string WithServicer(TempDirectory dir) =>
        AgentPackages.Write(dir, Manifest("trace-servicer"), ("agent_main.py", TraceparentServicer), ("agent_rest.py", Rest));

    /// <summary>Each action answers "ok"; the one named "fail" reports failure.</summary>
    public static string WithHandlers(TempDirectory dir, params string[] actions)
    {
        var handlers = "{" + string.Join(", ", actions.Select(a => $"\"{a}\": ok")) + "}";
        var main = $$"""
            def ok(params):
                return "ok"


            def create_service():
                return {"custom_handlers": {{handlers}}}

            """;
        return AgentPackages.Write(dir, Manifest("metrics-agent"), ("agent_main.py", main), ("agent_rest.py", Rest));
    }

    private static string Manifest(string name) => AgentPackages.A2aManifest(name) + "http_server: \"agent_rest:app\"\n";
}
