using ModelContextProtocol.AspNetCore;
using Par.Api.Agents;
using Par.Api.Config;

namespace Par.Api.Surfaces.Mcp;

/// <summary>
/// MCP (SPEC §9): every worker action as a tool at {BASE}/mcp on the REST listener, Streamable HTTP, stateless, through
/// the official SDK's low-level handlers (no reflection-based tool discovery). docs/mcp.md says how to use it.
/// </summary>
internal static class McpExtensions
{
    public static IHostApplicationBuilder AddParMcp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<McpTools>();
        // The SDK logs several Information lines per request without stable event names; PAR logs the request
        // (http.request.completed) and each call (mcp.tool.*) itself. The server's own category logs a client's
        // unknown tool name as an Error with a stack trace (and the handler failure as a Warning): a caller's mistake,
        // answered with -32602, not an operator's problem. Agent failures never throw (they are isError results).
        builder.Logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        builder.Logging.AddFilter("ModelContextProtocol.Server.McpServer", LogLevel.None);
        builder.Services.AddMcpServer().WithHttpTransport(transport =>
        {
            // No session: any PAR task behind a load balancer without stickiness can answer any request.
            transport.SessionMode = HttpServerSessionMode.Stateless;
            // Stateless: called on every request with a fresh McpServerOptions, so the server's identity and the tool
            // handlers are the agent's as loaded now, and the call carries this request's id.
            transport.ConfigureSessionOptions = (context, server, _) =>
            {
                context.RequestServices.GetRequiredService<McpTools>().Configure(server, context.TraceIdentifier);
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapParMcp(this IEndpointRouteBuilder app, ParOptions options)
    {
        var path = BasePath.Join(options.Listeners.BasePath, "/mcp");
        var port = options.Listeners.RestPort;
        var invoker = app.ServiceProvider.GetRequiredService<AgentInvoker>();
        app.MapMcp(path)
            .RequireListener(port)
            .ExcludeFromDescription()
            .Add(endpoint => endpoint.RequestDelegate = McpGate.Wrap(endpoint.RequestDelegate!, invoker));
        // Stateless Streamable HTTP is POST only (no GET stream, no DELETE of a session). Every other method on
        // exactly this path is answered here, so it is never forwarded to the agent's app; {BASE}/mcp/... still is.
        app.Map(path, McpGate.MethodNotAllowed)
            .RequireListener(port)
            .WithOrder(1)
            .ExcludeFromDescription();
        return app;
    }
}
