using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Par.Api.Agents;
using Par.Api.Agents.Manifest;
using Par.Api.Agents.Skills;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// The agent card (A2A-NOTES §1.2, §6), from the manifest and the skill catalog: 1.0 for a request with
/// A2A-Version: 1.0, else the hybrid 0.3 card (url, preferredTransport, protocolVersion beside supportedInterfaces).
/// </summary>
internal static class A2aCard
{
    public const string JsonRpcPath = "/a2a/jsonrpc";

    public static JsonObject Build(RunningAgent agent, string publicBase, A2aVersion version)
    {
        var manifest = agent.Manifest!;
        var url = publicBase + JsonRpcPath;
        var identity = AgentIdentity.Of(manifest, "agent");
        var card = new JsonObject
        {
            ["name"] = identity.Title,
            ["description"] = identity.Description,
        };
        if (version == A2aVersion.V03)
        {
            card["url"] = url;
            card["preferredTransport"] = "JSONRPC";
            card["protocolVersion"] = "0.3";
        }

        card["supportedInterfaces"] = new JsonArray(
            new JsonObject { ["url"] = url, ["protocolBinding"] = "JSONRPC", ["protocolVersion"] = "1.0" },
            new JsonObject { ["url"] = url, ["protocolBinding"] = "JSONRPC", ["protocolVersion"] = "0.3" });
        card["version"] = identity.Version;
        var homepage = SkillMetadata.Text(manifest.Metadata, "homepage") ?? SkillMetadata.Text(manifest.Metadata, "repository");
        if (homepage is not null && manifest.Author is { Length: > 0 } author)
        {
            card["provider"] = new JsonObject { ["organization"] = author, ["url"] = homepage };
        }

        if (homepage is not null)
        {
            card["documentationUrl"] = homepage;
        }

        card["capabilities"] = new JsonObject { ["streaming"] = true, ["pushNotifications"] = false, ["extendedAgentCard"] = false };
        if (version == A2aVersion.V03)
        {
            card["supportsAuthenticatedExtendedCard"] = false;
        }

        card["defaultInputModes"] = Modes();
        card["defaultOutputModes"] = Modes();
        card["skills"] = new JsonArray([.. agent.Skills.Select(Skill)]);
        return card;
    }

    /// <summary>A weak ETag over the card's bytes: it changes with anything in the card, PUBLIC_URL included.</summary>
    public static string ETag(byte[] body) => $"W/\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"";

    private static JsonArray Modes() => new(A2aWire.JsonMedia, A2aWire.TextMedia);

    private static JsonNode Skill(AgentSkill skill)
    {
        var result = new JsonObject
        {
            ["id"] = skill.Id,
            ["name"] = skill.Name,
            ["description"] = skill.Description,
            ["tags"] = new JsonArray([.. skill.Tags.Select(t => (JsonNode)t)]),
        };
        if (skill.Examples.Count > 0)
        {
            result["examples"] = new JsonArray([.. skill.Examples.Select(e => (JsonNode)e)]);
        }

        result["inputModes"] = Modes();
        result["outputModes"] = Modes();
        return result;
    }
}
