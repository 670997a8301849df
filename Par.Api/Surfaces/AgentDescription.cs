using Par.Api.Agents.Manifest;
using Par.Api.Config;

namespace Par.Api.Surfaces;

/// <summary>The agent's descriptive fields, as /meta and DescribeCapabilities show them.</summary>
internal static class AgentDescription
{
    public static IReadOnlyDictionary<string, string> Of(AgentManifest? manifest, ParOptions options)
    {
        var fields = new Dictionary<string, string?>
        {
            ["name"] = manifest?.Name,
            ["version"] = manifest?.Version,
            ["description"] = manifest?.Description,
            ["display_name"] = manifest?.DisplayName,
            ["author"] = manifest?.Author,
            ["license"] = manifest?.License,
            ["capabilities"] = manifest is null ? null : string.Join(",", manifest.Capabilities),
            ["agent_app_id"] = options.AgentAppId,
            ["deployment_id"] = options.DeploymentId,
            ["runtime"] = "par/" + Config.RuntimeVersion.Value,
        };
        return fields.Where(f => !string.IsNullOrEmpty(f.Value)).ToDictionary(f => f.Key, f => f.Value!);
    }
}
