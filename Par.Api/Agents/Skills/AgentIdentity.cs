using Par.Api.Agents.Manifest;

namespace Par.Api.Agents.Skills;

/// <summary>
/// The agent as the standard protocols name it (A2A-NOTES §6): the A2A card's name, description and version and the
/// MCP server's name, title, instructions and version, computed here once for both.
/// </summary>
/// <param name="Name">name (the MCP server name).</param>
/// <param name="Title">display_name, else name (the A2A card's name, the MCP title).</param>
/// <param name="Description">description, else display_name, else name (the card's description, MCP instructions).</param>
/// <param name="Version">version (the manifest already falls back to metadata.version), else 0.0.0: both protocols require one.</param>
internal sealed record AgentIdentity(string Name, string Title, string Description, string Version)
{
    public const string UnknownVersion = "0.0.0";

    /// <param name="manifest">Null before the manifest phase ran.</param>
    /// <param name="fallbackName">What stands in for a name the manifest does not give.</param>
    public static AgentIdentity Of(AgentManifest? manifest, string fallbackName)
    {
        var name = manifest?.Name ?? fallbackName;
        var title = manifest?.DisplayName ?? name;
        return new AgentIdentity(name, title, manifest?.Description ?? title, manifest?.Version ?? UnknownVersion);
    }
}
