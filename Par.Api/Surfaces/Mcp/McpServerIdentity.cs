using System.Globalization;
using ModelContextProtocol.Protocol;
using Par.Api.Agents.Manifest;

namespace Par.Api.Surfaces.Mcp;

/// <summary>The server's name, title, version and instructions, from the manifest as A2A-NOTES §6 maps them.</summary>
internal static class McpServerIdentity
{
    /// <summary>MCP requires a version; a manifest without one (nor metadata.version) gets this.</summary>
    public const string UnknownVersion = "0.0.0";

    public static Implementation Of(AgentManifest? manifest, string agentAppId) => new()
    {
        Name = manifest?.Name ?? agentAppId,
        Title = manifest?.DisplayName ?? manifest?.Name ?? agentAppId,
        Version = manifest?.Version ?? MetadataVersion(manifest) ?? UnknownVersion,
    };

    /// <summary>description, else display_name, else name.</summary>
    public static string? Instructions(AgentManifest? manifest) =>
        manifest?.Description ?? manifest?.DisplayName ?? manifest?.Name;

    /// <summary>metadata.version; YAML reads an unquoted 1.0 as a number.</summary>
    private static string? MetadataVersion(AgentManifest? manifest) =>
        manifest is null || !manifest.Metadata.TryGetValue("version", out var value) ? null : value switch
        {
            string { Length: > 0 } text => text,
            long or double => Convert.ToString(value, CultureInfo.InvariantCulture),
            _ => null,
        };
}
