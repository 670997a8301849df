using System.Text.Json.Nodes;

namespace Par.Api.Surfaces.A2a;

/// <summary>One JSON-RPC call as the endpoint received it: its id (echoed as sent), method, params and version.</summary>
internal sealed record A2aRpcRequest(JsonNode? Id, string Method, JsonObject Params, A2aVersion Version)
{
    public string? Text(string name) => Params[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        _ => throw A2aError.InvalidParams($"params.{name} must be a string"),
    };

    public string RequireText(string name) =>
        Text(name) is { Length: > 0 } text ? text : throw A2aError.InvalidParams($"params.{name} must be a non-empty string");

    public int? Integer(string name, int min, int max)
    {
        if (Params[name] is null)
        {
            return null;
        }

        if (Params[name] is JsonValue value && value.TryGetValue<int>(out var number) && number >= min && number <= max)
        {
            return number;
        }

        throw A2aError.InvalidParams($"params.{name} must be an integer from {min} to {max}");
    }

    public bool? Flag(JsonObject? obj, string name, string path) => obj?[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => throw A2aError.InvalidParams($"{path} must be true or false"),
    };

    public JsonObject? Object(string name) => Params[name] switch
    {
        null => null,
        JsonObject obj => obj,
        _ => throw A2aError.InvalidParams($"params.{name} must be an object"),
    };
}
