using Par.Api.Agents.Manifest;

namespace Par.Api.Agents.Skills;

/// <summary>
/// One skill per worker action, each field from the first source that has it (A2A-NOTES §6): metadata.skills, then
/// metadata.sub_agents, then the handler's docstring, then generated text. The A2A card and the MCP tools both read
/// this, so a description is the same wherever a client sees it.
/// </summary>
internal static class SkillCatalog
{
    /// <summary>What MCP and A2A clients get when the manifest declares no input schema: any JSON object.</summary>
    public const string OpenObjectSchema = """{"type":"object","additionalProperties":true}""";

    public static AgentSkill[] Describe(AgentManifest manifest, IReadOnlyList<string> actions, IReadOnlyDictionary<string, string> docs) =>
        [.. actions.Select(action => Describe(manifest, action, docs.GetValueOrDefault(action)))];

    private static AgentSkill Describe(AgentManifest manifest, string action, string? doc)
    {
        var skill = SkillMetadata.Skill(manifest, action);
        var agentName = manifest.DisplayName ?? manifest.Name ?? "the agent";
        return new AgentSkill(
            Id: action,
            Name: SkillMetadata.Text(skill, "name") ?? action,
            Description: SkillMetadata.Text(skill, "description")
                ?? SkillMetadata.SubAgentDescription(manifest, action)
                ?? doc
                ?? $"The {action} action of {agentName}.",
            Tags: NonEmpty(SkillMetadata.Texts(skill, "tags")) ?? NonEmpty(SkillMetadata.Texts(manifest.Metadata, "tags")) ?? [manifest.Name ?? action],
            Examples: NonEmpty(SkillMetadata.Texts(skill, "examples")) ?? ExampleTitles(manifest),
            InputSchema: SkillMetadata.Json(skill, "input_schema") ?? OpenObjectSchema,
            OutputSchema: SkillMetadata.Json(skill, "output_schema"));
    }

    /// <summary>metadata.examples as pixell manifests write them: a list of {title, ...} maps, or of strings.</summary>
    private static IReadOnlyList<string> ExampleTitles(AgentManifest manifest) =>
        manifest.Metadata.TryGetValue("examples", out var value) && value is IEnumerable<object?> examples
            ? [.. examples.Select(e => e as string ?? SkillMetadata.Text(e as IReadOnlyDictionary<string, object?>, "title")).OfType<string>()]
            : [];

    private static IReadOnlyList<string>? NonEmpty(IReadOnlyList<string>? values) => values is { Count: > 0 } ? values : null;
}
