using ModelContextProtocol.Protocol;
using Par.Api.Agents.Skills;

namespace Par.Api.Surfaces.Mcp;

/// <summary>The MCP server's name, title and version: the agent's <see cref="AgentIdentity"/>.</summary>
internal static class McpServerIdentity
{
    public static Implementation Of(AgentIdentity identity) => new()
    {
        Name = identity.Name,
        Title = identity.Title,
        Version = identity.Version,
    };
}
