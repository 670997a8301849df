namespace Par.Api.Surfaces.A2a;

/// <summary>
/// A JSON-RPC error of the A2A binding (A2A-NOTES §1.5): the code, the google.rpc.ErrorInfo reason 1.0 clients get
/// in <c>error.data</c>, and the message.
/// </summary>
/// <param name="code">The JSON-RPC error code (-32001 task not found, ...).</param>
/// <param name="reason">The ErrorInfo reason in words ("task not found" is TASK_NOT_FOUND).</param>
/// <param name="message">The error's message, as the client shows it.</param>
internal sealed class A2aError(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = A2aProtoNames.Snake(reason);

    /// <summary>The id of the request this error answers, once it was read (null before: a parse error).</summary>
    public System.Text.Json.Nodes.JsonNode? RequestId { get; private set; }

    public A2aError For(System.Text.Json.Nodes.JsonNode? id)
    {
        RequestId = id;
        return this;
    }

    public static A2aError Parse(string message) => new(-32700, "parse error", message);

    public static A2aError InvalidRequest(string message) => new(-32600, "invalid request", message);

    public static A2aError MethodNotFound(string message) => new(-32601, "method not found", message);

    public static A2aError InvalidParams(string message) => new(-32602, "invalid params", message);

    public static A2aError Internal(string message) => new(-32603, "internal error", message);

    public static A2aError TaskNotFound(string id) => new(-32001, "task not found", $"Task not found: {id}");

    public static A2aError TaskNotCancelable(string id, A2aTaskState state) =>
        new(-32002, "task not cancelable", $"Task {id} is {state.V03()} and cannot be canceled");

    public static A2aError PushNotSupported() =>
        new(-32003, "push notification not supported", "Push notifications are not supported (capabilities.pushNotifications is false)");

    public static A2aError Unsupported(string message) => new(-32004, "unsupported operation", message);

    public static A2aError ContentType(string contentType) =>
        new(-32005, "content type not supported", $"Unsupported Content-Type \"{contentType}\"; send application/json");

    public static A2aError Version(string requested) =>
        new(-32009, "version not supported", $"A2A-Version \"{requested}\" is not supported; supported: {A2aVersions.Supported}");
}
