using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// The 1.0 shapes PAR reads and writes (ProtoJSON: camelCase, enum names): the incoming message checked and the
/// action's result as parts. How a message picks its action and parameters: A2A-NOTES §6, SPEC §9.
/// </summary>
internal static class A2aWire
{
    public const string JsonMedia = "application/json";
    public const string TextMedia = "text/plain";

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A 1.0 Message, checked: messageId, role and at least one part with exactly one of text, raw, url or data.</summary>
    public static JsonObject Message(JsonNode? node)
    {
        if (node is not JsonObject message)
        {
            throw A2aError.InvalidParams("params.message must be a Message object");
        }

        RequireText(message, "messageId", "params.message.messageId");
        if (Text(message, "role") is not { } role || (role != A2aProtoNames.RoleUser && role != A2aProtoNames.RoleAgent))
        {
            throw A2aError.InvalidParams("params.message.role must be ROLE_USER or ROLE_AGENT");
        }

        if (message["parts"] is not JsonArray { Count: > 0 } parts)
        {
            throw A2aError.InvalidParams("params.message.parts must hold at least one part");
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i] as JsonObject ?? throw A2aError.InvalidParams($"params.message.parts[{i}] must be an object");
            var kinds = new[] { "text", "raw", "url", "data" }.Count(part.ContainsKey);
            if (kinds != 1)
            {
                throw A2aError.InvalidParams($"params.message.parts[{i}] must have exactly one of text, raw, url or data");
            }
        }

        if (message["metadata"] is not (null or JsonObject))
        {
            throw A2aError.InvalidParams("params.message.metadata must be an object");
        }

        return (JsonObject)message.DeepClone();
    }

    /// <summary>
    /// The action: message.metadata.skill, else the only action. A rejection text (the task ends REJECTED) when
    /// none is named among several or the named one does not exist.
    /// </summary>
    public static (string? Action, string? Rejection) Action(JsonObject message, IReadOnlyList<string> actions)
    {
        var skill = message["metadata"] is JsonObject metadata ? Text(metadata, "skill") : null;
        if (skill is null)
        {
            return actions.Count == 1
                ? (actions[0], null)
                : (null, $"No skill given: set message.metadata.skill to one of: {string.Join(", ", actions)}");
        }

        return actions.Contains(skill, StringComparer.Ordinal) ? (skill, null) : (null, $"No handler found for action: {skill}");
    }

    /// <summary>The action's parameters: metadata.params, else the first data part holding an object, else {"text": the text parts}.</summary>
    public static string Parameters(JsonObject message)
    {
        if (message["metadata"] is JsonObject metadata && metadata["params"] is { } given)
        {
            return given is JsonObject ? given.ToJsonString() : throw A2aError.InvalidParams("params.message.metadata.params must be an object");
        }

        var parts = message["parts"]!.AsArray().OfType<JsonObject>().ToList();
        if (parts.FirstOrDefault(p => p["data"] is JsonObject) is { } data)
        {
            return data["data"]!.ToJsonString();
        }

        var text = string.Join("\n", parts.Select(p => p["text"]).OfType<JsonValue>().Select(v => v.ToString()));
        return new JsonObject { ["text"] = text }.ToJsonString();
    }

    /// <summary>A result as parts: JSON object or array text as a data part, anything else as a text part.</summary>
    public static JsonObject Artifact(string? result)
    {
        JsonObject part;
        var parsed = ParseStructured(result);
        part = parsed is not null
            ? new JsonObject { ["data"] = parsed, ["mediaType"] = JsonMedia }
            : new JsonObject { ["text"] = result ?? string.Empty, ["mediaType"] = TextMedia };
        return new JsonObject
        {
            ["artifactId"] = Guid.NewGuid().ToString(),
            ["name"] = "result",
            ["parts"] = new JsonArray(part),
        };
    }

    /// <summary>An agent message carrying a text (a failure's or a rejection's reason).</summary>
    public static JsonObject AgentText(string text, string taskId, string contextId) => new()
    {
        ["messageId"] = Guid.NewGuid().ToString(),
        ["role"] = A2aProtoNames.RoleAgent,
        ["parts"] = new JsonArray(new JsonObject { ["text"] = text, ["mediaType"] = TextMedia }),
        ["taskId"] = taskId,
        ["contextId"] = contextId,
    };

    public static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static string RequireText(JsonObject obj, string name, string path) =>
        Text(obj, name) is { Length: > 0 } text ? text : throw A2aError.InvalidParams($"{path} must be a non-empty string");

    private static JsonNode? ParseStructured(string? result)
    {
        var trimmed = result?.TrimStart();
        if (trimmed is null || trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(result!);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
