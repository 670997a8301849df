using System.Text.Json.Nodes;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// The 0.3 JSON-RPC shapes (a2a.json 0.3.0; A2A-NOTES §1.4, §1.6), translated to and from the 1.0 shapes the store
/// keeps: <c>kind</c> discriminators, lowercase states and roles, file parts, <c>final</c> on the last status update.
/// </summary>
internal static class A2aV03
{
    /// <summary>A 0.3 Message turned into the 1.0 shape (then checked like a 1.0 one).</summary>
    public static JsonNode? MessageToV1(JsonNode? node)
    {
        if (node is not JsonObject message)
        {
            return node;
        }

        var v1 = new JsonObject();
        foreach (var (name, value) in message)
        {
            switch (name)
            {
                case "kind":
                    break;
                case "role":
                    v1["role"] = A2aWire.Text(message, "role") switch { "user" => A2aProtoNames.RoleUser, "agent" => A2aProtoNames.RoleAgent, _ => value?.DeepClone() };
                    break;
                case "parts" when value is JsonArray parts:
                    v1["parts"] = new JsonArray([.. parts.Select(PartToV1)]);
                    break;
                default:
                    v1[name] = value?.DeepClone();
                    break;
            }
        }

        return v1;
    }

    public static JsonObject Task(JsonObject task)
    {
        var result = new JsonObject
        {
            ["kind"] = "task",
            ["id"] = task["id"]!.DeepClone(),
            ["contextId"] = task["contextId"]!.DeepClone(),
            ["status"] = Status((JsonObject)task["status"]!),
        };
        if (task["history"] is JsonArray { Count: > 0 } history)
        {
            result["history"] = new JsonArray([.. history.Select(m => (JsonNode)Message((JsonObject)m!))]);
        }

        if (task["artifacts"] is JsonArray { Count: > 0 } artifacts)
        {
            result["artifacts"] = new JsonArray([.. artifacts.Select(a => (JsonNode)Artifact((JsonObject)a!))]);
        }

        result["metadata"] = task["metadata"]?.DeepClone() ?? new JsonObject();
        return result;
    }

    /// <summary>A 1.0 StreamResponse (<c>{task}</c>, <c>{statusUpdate}</c>, <c>{artifactUpdate}</c>) as a 0.3 event.</summary>
    public static JsonObject Event(JsonObject streamResponse)
    {
        if (streamResponse["task"] is JsonObject task)
        {
            return Task(task);
        }

        if (streamResponse["statusUpdate"] is JsonObject update)
        {
            var status = Status((JsonObject)update["status"]!);
            var state = A2aWire.Text(status, "state");
            return new JsonObject
            {
                ["kind"] = "status-update",
                ["taskId"] = update["taskId"]!.DeepClone(),
                ["contextId"] = update["contextId"]!.DeepClone(),
                ["status"] = status,
                ["final"] = state is "completed" or "canceled" or "failed" or "rejected",
                ["metadata"] = update["metadata"]?.DeepClone() ?? new JsonObject(),
            };
        }

        var artifact = (JsonObject)streamResponse["artifactUpdate"]!;
        return new JsonObject
        {
            ["kind"] = "artifact-update",
            ["taskId"] = artifact["taskId"]!.DeepClone(),
            ["contextId"] = artifact["contextId"]!.DeepClone(),
            ["artifact"] = Artifact((JsonObject)artifact["artifact"]!),
            ["append"] = artifact["append"]?.DeepClone(),
            ["lastChunk"] = artifact["lastChunk"]?.DeepClone(),
        };
    }

    private static JsonObject Status(JsonObject status)
    {
        var state = A2aWire.Text(status, "state") is { } s && A2aTaskStates.Parse(s) is { } parsed ? parsed.V03() : "unknown";
        var result = new JsonObject { ["state"] = state, ["timestamp"] = status["timestamp"]?.DeepClone() };
        if (status["message"] is JsonObject message)
        {
            result["message"] = Message(message);
        }

        return result;
    }

    private static JsonObject Message(JsonObject message)
    {
        var result = new JsonObject
        {
            ["kind"] = "message",
            ["messageId"] = message["messageId"]?.DeepClone(),
            ["role"] = A2aWire.Text(message, "role") == A2aProtoNames.RoleAgent ? "agent" : "user",
            ["parts"] = new JsonArray([.. (message["parts"] as JsonArray ?? []).Select(p => (JsonNode)PartToV03((JsonObject)p!))]),
        };
        foreach (var name in new[] { "contextId", "taskId", "metadata", "referenceTaskIds", "extensions" })
        {
            if (message[name] is { } value)
            {
                result[name] = value.DeepClone();
            }
        }

        return result;
    }

    private static JsonObject Artifact(JsonObject artifact)
    {
        var result = new JsonObject();
        foreach (var (name, value) in artifact)
        {
            result[name] = name == "parts" && value is JsonArray parts
                ? new JsonArray([.. parts.Select(p => (JsonNode)PartToV03((JsonObject)p!))])
                : value?.DeepClone();
        }

        return result;
    }

    private static JsonObject PartToV03(JsonObject part)
    {
        var result = new JsonObject();
        var media = part["mediaType"]?.DeepClone();
        if (part["text"] is { } text)
        {
            result["kind"] = "text";
            result["text"] = text.DeepClone();
        }
        else if (part["data"] is { } data)
        {
            result["kind"] = "data";
            // 0.3 data parts hold objects only; another JSON value travels wrapped, as the official compat layer does.
            result["data"] = data is JsonObject ? data.DeepClone() : new JsonObject { ["value"] = data.DeepClone() };
        }
        else
        {
            var file = new JsonObject();
            if (part["raw"] is { } raw)
            {
                file["bytes"] = raw.DeepClone();
            }
            else
            {
                file["uri"] = part["url"]?.DeepClone();
            }

            if (media is not null)
            {
                file["mimeType"] = media;
            }

            if (part["filename"] is { } name)
            {
                file["name"] = name.DeepClone();
            }

            result["kind"] = "file";
            result["file"] = file;
        }

        if (part["metadata"] is { } metadata)
        {
            result["metadata"] = metadata.DeepClone();
        }

        return result;
    }

    private static JsonNode? PartToV1(JsonNode? node)
    {
        if (node is not JsonObject part)
        {
            return node?.DeepClone();
        }

        var result = new JsonObject();
        switch (A2aWire.Text(part, "kind"))
        {
            case "text":
                result["text"] = part["text"]?.DeepClone();
                result["mediaType"] = A2aWire.TextMedia;
                break;
            case "data":
                result["data"] = part["data"]?.DeepClone();
                result["mediaType"] = A2aWire.JsonMedia;
                break;
            case "file" when part["file"] is JsonObject file:
                if (file["bytes"] is { } bytes)
                {
                    result["raw"] = bytes.DeepClone();
                }
                else
                {
                    result["url"] = file["uri"]?.DeepClone();
                }

                if (file["mimeType"] is { } mime)
                {
                    result["mediaType"] = mime.DeepClone();
                }

                if (file["name"] is { } name)
                {
                    result["filename"] = name.DeepClone();
                }

                break;
            default:
                return part.DeepClone(); // fails the 1.0 check, which names the part
        }

        if (part["metadata"] is { } metadata)
        {
            result["metadata"] = metadata.DeepClone();
        }

        return result;
    }
}
