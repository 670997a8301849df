namespace Par.Api.Surfaces.A2a;

/// <summary>
/// A JSON-RPC error of the A2A binding (A2A-NOTES §1.5): the code, the google.rpc.ErrorInfo reason 1.0 clients get
/// in <c>error.data</c>, and the message.
/// </summary>
internal sealed class A2aError(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    /// <summary>The id of the request this error answers, once it was read (null before: a parse error).</summary>
    public System.Text.Json.Nodes.JsonNode? RequestId { get; private set; }

    public A2aError For(System.Text.Json.Nodes.JsonNode? id)
    {
        RequestId = id;
        return this;
    }

    public static A2aError Parse(string message) => new(-32700, "PARSE_ERROR", message);

    public static A2aError InvalidRequest(string message) => new(-32600, "INVALID_REQUEST", message);

    public static A2aError MethodNotFound(string message) => new(-32601, "METHOD_NOT_FOUND", message);

    public static A2aError InvalidParams(string message) => new(-32602, "INVALID_PARAMS", message);

    public static A2aError Internal(string message) => new(-32603, "INTERNAL_ERROR", message);

    public static A2aError TaskNotFound(string id) => new(-32001, "TASK_NOT_FOUND", $"Task not found: {id}");

    public static A2aError TaskNotCancelable(string id, A2aTaskState state) =>
        new(-32002, "TASK_NOT_CANCELABLE", $"Task {id} is {state.V03()} and cannot be canceled");

    public static A2aError PushNotSupported() =>
        new(-32003, "PUSH_NOTIFICATION_NOT_SUPPORTED", "Push notifications are not supported (capabilities.pushNotifications is false)");

    public static A2aError Unsupported(string message) => new(-32004, "UNSUPPORTED_OPERATION", message);

    public static A2aError ContentType(string contentType) =>
        new(-32005, "CONTENT_TYPE_NOT_SUPPORTED", $"Unsupported Content-Type \"{contentType}\"; send application/json");

    public static A2aError Version(string requested) =>
        new(-32009, "VERSION_NOT_SUPPORTED", $"A2A-Version \"{requested}\" is not supported; supported: {A2aVersions.Supported}");
}
