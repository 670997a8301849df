using Par.Api.Agents;

namespace Par.Api.Surfaces.Mcp;

/// <summary>
/// What {BASE}/mcp answers outside the MCP protocol: 503 while the agent does not accept calls (booting, failed,
/// unresponsive; a draining agent still serves), as a forwarded REST call does, and 405 for methods other than POST.
/// </summary>
internal static class McpGate
{
    public static RequestDelegate Wrap(RequestDelegate inner, AgentInvoker invoker) => context =>
        invoker.AcceptsCalls
            ? inner(context)
            : TypedResults.Problem(title: "The agent is not ready", statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);

    public static Task MethodNotAllowed(HttpContext context)
    {
        context.Response.Headers.Allow = HttpMethods.Post;
        return TypedResults.Problem(
                title: "MCP at this path is Streamable HTTP without sessions: POST only",
                statusCode: StatusCodes.Status405MethodNotAllowed)
            .ExecuteAsync(context);
    }
}
