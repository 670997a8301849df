using ModelContextProtocol.Protocol;
using Par.Api.Agents.Manifest;

namespace Par.Api.Surfaces.Mcp;

/// <summary>The server's name, title, version and instructions, from the manifest as A2A-NOTES §6 maps them.</summary>
internal static class McpServerIdentity
{
    /// <summary>MCP requires a version; the manifest phase requires one too, so this only shows before it ran.</summary>
    public const string UnknownVersion = "0.0.0";

    /// <remarks><see cref="AgentManifest.Version"/> is already version, else metadata.version.</remarks>
    public static Implementation Of(AgentManifest? manifest, string agentAppId) => new()
    {
        Name = manifest?.Name ?? agentAppId,
        Title = manifest?.DisplayName ?? manifest?.Name ?? agentAppId,
        Version = manifest?.Version ?? UnknownVersion,
    };

    /// <summary>description, else display_name, else name.</summary>
    public static string? Instructions(AgentManifest? manifest) =>
        manifest?.Description ?? manifest?.DisplayName ?? manifest?.Name;
}
