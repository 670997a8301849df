using System.Text.Json;

namespace Par.Api.Agents.Manifest;

/// <summary>
/// The optional, pixell-compatible descriptions of actions in agent.yaml's <c>metadata</c> (pixell-kit's
/// MetadataConfig keeps extra keys): <c>metadata.skills.&lt;action&gt;</c> {name, description, tags, examples,
/// input_schema, output_schema} and <c>metadata.sub_agents[]</c> {name, description}. Read leniently for the
/// catalog; <see cref="Problems"/> names each entry of the wrong shape for the manifest phase.
/// </summary>
internal static class SkillMetadata
{
    public static IReadOnlyDictionary<string, object?>? Skill(AgentManifest manifest, string action) =>
        manifest.Metadata.TryGetValue("skills", out var skills) && skills is IReadOnlyDictionary<string, object?> map
            && map.TryGetValue(action, out var skill) ? skill as IReadOnlyDictionary<string, object?> : null;

    public static string? SubAgentDescription(AgentManifest manifest, string action) =>
        manifest.Metadata.TryGetValue("sub_agents", out var list) && list is IEnumerable<object?> subAgents
            ? subAgents.OfType<IReadOnlyDictionary<string, object?>>()
                .Where(s => Text(s, "name") == action).Select(s => Text(s, "description")).FirstOrDefault(d => d is not null)
            : null;

    public static string? Text(IReadOnlyDictionary<string, object?>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) && value is string { Length: > 0 } text ? text : null;

    /// <summary>A list of strings under key (non-strings and empty strings left out); null when absent or not a list.</summary>
    public static IReadOnlyList<string>? Texts(IReadOnlyDictionary<string, object?>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) && value is IEnumerable<object?> items
            ? [.. items.OfType<string>().Where(s => s.Length > 0)]
            : null;

    /// <summary>
    /// A JSON Schema object under key as JSON text, with <c>"type": "object"</c> first when the author left it out
    /// (MCP requires it, and a schema of an action's parameters describes an object); null when absent or not a map.
    /// </summary>
    public static string? Json(IReadOnlyDictionary<string, object?>? map, string key)
    {
        if (map is null || !map.TryGetValue(key, out var value) || value is not Dictionary<string, object?> schema)
        {
            return null;
        }

        var typed = schema.ContainsKey("type") ? schema : new Dictionary<string, object?>(schema.Prepend(new("type", "object")));
        return JsonSerializer.Serialize(typed, ManifestJson.Default.DictionaryStringObject);
    }

    /// <summary>Every metadata.skills entry of the wrong shape, as (field, message), for the manifest phase (exit 65).</summary>
    public static IEnumerable<(string Field, string Message)> Problems(AgentManifest manifest)
    {
        if (!manifest.Metadata.TryGetValue("skills", out var skills) || skills is null)
        {
            yield break;
        }

        if (skills is not IReadOnlyDictionary<string, object?> map)
        {
            yield return ("metadata.skills", "metadata.skills must be a map of action name -> {description, input_schema, ...}");
            yield break;
        }

        foreach (var (action, value) in map)
        {
            var field = $"metadata.skills.{action}";
            if (value is not IReadOnlyDictionary<string, object?> skill)
            {
                yield return (field, $"{field} must be a map (description, tags, examples, input_schema, output_schema)");
                continue;
            }

            foreach (var key in (string[])["input_schema", "output_schema"])
            {
                if (!skill.TryGetValue(key, out var schema) || schema is null)
                {
                    continue;
                }

                if (schema is not IReadOnlyDictionary<string, object?> schemaMap)
                {
                    yield return ($"{field}.{key}", $"{field}.{key} must be a JSON Schema object (a map), not {Describe(schema)}");
                }
                else if (schemaMap.TryGetValue("type", out var type) && type is not "object")
                {
                    yield return ($"{field}.{key}.type", $"{field}.{key}.type must be 'object' (MCP tools take and give JSON objects), not '{type}'");
                }
            }
        }
    }

    private static string Describe(object value) => value switch
    {
        string => "a string",
        bool => "a boolean",
        long or double => "a number",
        IEnumerable<object?> => "a list",
        _ => value.GetType().Name,
    };
}
