namespace Par.Api.Agents.Skills;

/// <summary>
/// One action as the standard protocols describe it: an A2A skill and an MCP tool (A2A-NOTES §6). Every field is
/// derived in <see cref="SkillCatalog"/>, the one place that reads the manifest for both.
/// </summary>
/// <param name="Id">The action name: A2A skill id and MCP tool name.</param>
/// <param name="Name">metadata.skills.&lt;action&gt;.name, else the action name.</param>
/// <param name="Description">What the action does, for people and models.</param>
/// <param name="Tags">Its tags (A2A skill tags).</param>
/// <param name="Examples">Example requests (A2A skill examples).</param>
/// <param name="InputSchema">A JSON Schema object as JSON text: metadata.skills.&lt;action&gt;.input_schema, else an open object.</param>
/// <param name="OutputSchema">metadata.skills.&lt;action&gt;.output_schema as JSON text, when declared.</param>
internal sealed record AgentSkill(
    string Id,
    string Name,
    string Description,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Examples,
    string InputSchema,
    string? OutputSchema);
