using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.Collections;
using Par.Api.A2a.Protocol;

namespace Par.Api.Surfaces.Grpc;

/// <summary>
/// The two forms of Invoke: legacy (action + string parameters) and an A2A JSON-RPC message whose
/// metadata names the skill and its params. The message form wins when present.
/// </summary>
internal static class A2aRequest
{
    public static bool TryParse(ActionRequest request, out string action, out string parametersJson, out string problem)
    {
        problem = string.Empty;
        if (request.Message is { } message)
        {
            return TryParseMessage(message, out action, out parametersJson, out problem);
        }

        action = request.Action;
        parametersJson = ToJson(request.Parameters);
        if (string.IsNullOrWhiteSpace(action))
        {
            problem = "action is required";
            return false;
        }

        return true;
    }

    /// <summary>
    /// The legacy parameters as a JSON object of strings, written as JsonObject.ToJsonString wrote them (the default
    /// encoder), straight into a buffer instead of through a node tree.
    /// </summary>
    private static string ToJson(MapField<string, string> parameters)
    {
        if (parameters.Count == 0)
        {
            return "{}";
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in parameters)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryParseMessage(A2AMessage message, out string action, out string parametersJson, out string problem)
    {
        action = string.Empty;
        parametersJson = "{}";
        problem = string.Empty;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(string.IsNullOrWhiteSpace(message.ParamsJson) ? "{}" : message.ParamsJson);
        }
        catch (JsonException e)
        {
            problem = $"message.params_json is not valid JSON: {e.Message}";
            return false;
        }

        var metadata = root?["message"]?["metadata"];
        if (metadata?["skill"] is not JsonValue skill || skill.GetValueKind() != JsonValueKind.String)
        {
            problem = "message.params_json must hold message.metadata.skill naming the action";
            return false;
        }

        action = skill.GetValue<string>();
        var parameters = metadata["params"];
        if (parameters is not null and not JsonObject)
        {
            problem = "message.metadata.params must be a JSON object";
            return false;
        }

        parametersJson = parameters?.ToJsonString() ?? "{}";
        return true;
    }
}
