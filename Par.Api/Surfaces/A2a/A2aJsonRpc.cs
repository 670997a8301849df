using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using Par.Api.Agents;
using Par.Api.Logging;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// POST {BASE}/a2a/jsonrpc: the A2A JSON-RPC binding. The A2A-Version header picks the method names and shapes
/// (1.0, or 0.3 without it); errors are JSON-RPC errors with HTTP 200, except 503 while the agent is not ready.
/// </summary>
internal static partial class A2aJsonRpc
{
    public static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var tasks = services.GetRequiredService<A2aTasks>();
        var invoker = services.GetRequiredService<AgentInvoker>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Par.Api.Surfaces.A2a");
        var version = A2aVersions.Of(context.Request, out var requested);
        JsonNode? id = null;
        try
        {
            var request = await ReadAsync(context, version, requested);
            id = request.Id;
            if (!invoker.AcceptsCalls)
            {
                await WriteAsync(context, Error(id, A2aError.Internal(AgentInvoker.NotReady), request.Version), StatusCodes.Status503ServiceUnavailable);
                return;
            }

            await DispatchAsync(context, tasks, request);
        }
        catch (A2aError error)
        {
            InvalidRequest(logger, error.Code, error.Message);
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, Error(error.RequestId ?? id, error, version ?? A2aVersion.V1), StatusCodes.Status200OK);
            }
        }
    }

    private static async Task<A2aRpcRequest> ReadAsync(HttpContext context, A2aVersion? version, string requested)
    {
        var contentType = context.Request.ContentType;
        if (contentType is not null && (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || media.MediaType.Value is not ("application/json" or "application/a2a+json")))
        {
            throw A2aError.ContentType(contentType);
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            throw A2aError.Parse($"The body is not JSON: {e.Message}");
        }

        if (body is not JsonObject envelope)
        {
            throw A2aError.InvalidRequest("The body must be one JSON-RPC request object (batches are not supported)");
        }

        var id = envelope["id"];
        if (id is not JsonValue idValue || idValue.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
        {
            throw A2aError.InvalidRequest("id must be a string or a number");
        }

        id = id.DeepClone();
        if (A2aWire.Text(envelope, "jsonrpc") != "2.0")
        {
            throw A2aError.InvalidRequest("jsonrpc must be \"2.0\"").For(id);
        }

        if (A2aWire.Text(envelope, "method") is not { Length: > 0 } method)
        {
            throw A2aError.InvalidRequest("method must be a non-empty string").For(id);
        }

        if (version is null)
        {
            throw A2aError.Version(requested).For(id);
        }

        return envelope["params"] switch
        {
            null => new A2aRpcRequest(id, method, [], version.Value),
            JsonObject parameters => new A2aRpcRequest(id, method, (JsonObject)parameters.DeepClone(), version.Value),
            _ => throw A2aError.InvalidParams("params must be an object").For(id),
        };
    }

    private static Task DispatchAsync(HttpContext context, A2aTasks tasks, A2aRpcRequest request) => (request.Version, request.Method) switch
    {
        (A2aVersion.V1, "SendMessage") or (A2aVersion.V03, "message/send") => SendAsync(context, tasks, request),
        (A2aVersion.V1, "SendStreamingMessage") or (A2aVersion.V03, "message/stream") => StreamAsync(context, tasks, request),
        (A2aVersion.V1, "GetTask") or (A2aVersion.V03, "tasks/get") => GetAsync(context, tasks, request),
        (A2aVersion.V1, "CancelTask") or (A2aVersion.V03, "tasks/cancel") => Answer(context, request, Task(request, tasks.Cancel(request.RequireText("id")), null)),
        (A2aVersion.V1, "ListTasks") => Answer(context, request, A2aTaskList.Page(tasks.All(), request)),
        (A2aVersion.V1, "SubscribeToTask") or (A2aVersion.V03, "tasks/resubscribe") => SubscribeAsync(context, tasks, request),
        (A2aVersion.V1, "CreateTaskPushNotificationConfig" or "GetTaskPushNotificationConfig" or "ListTaskPushNotificationConfigs" or "DeleteTaskPushNotificationConfig")
            or (A2aVersion.V03, "tasks/pushNotificationConfig/set" or "tasks/pushNotificationConfig/get" or "tasks/pushNotificationConfig/list" or "tasks/pushNotificationConfig/delete")
            => throw A2aError.PushNotSupported(),
        (A2aVersion.V1, "GetExtendedAgentCard") or (A2aVersion.V03, "agent/getAuthenticatedExtendedCard")
            => throw A2aError.Unsupported("There is no extended agent card (capabilities.extendedAgentCard is false)"),
        _ => throw A2aError.MethodNotFound(MethodHint(request)),
    };

    private static string MethodHint(A2aRpcRequest request) => (request.Version, request.Method) switch
    {
        (A2aVersion.V03, "SendMessage" or "SendStreamingMessage" or "GetTask" or "ListTasks" or "CancelTask" or "SubscribeToTask")
            => $"{request.Method} is an A2A 1.0 method: send the header A2A-Version: 1.0 (without it a request is A2A 0.3)",
        (A2aVersion.V1, "message/send" or "message/stream" or "tasks/get" or "tasks/cancel" or "tasks/resubscribe")
            => $"{request.Method} is an A2A 0.3 method; A2A 1.0 (the A2A-Version header sent) names it differently",
        _ => $"Method not found: {request.Method}",
    };

    private static async Task SendAsync(HttpContext context, A2aTasks tasks, A2aRpcRequest request)
    {
        var message = Message(request);
        var configuration = request.Object("configuration");
        var historyLength = configuration?["historyLength"] is null ? (int?)null
            : new A2aRpcRequest(request.Id, request.Method, configuration, request.Version).Integer("historyLength", 0, int.MaxValue);
        // 1.0 blocks unless returnImmediately; 0.3 blocks unless blocking is false.
        var returnNow = request.Version == A2aVersion.V1
            ? request.Flag(configuration, "returnImmediately", "params.configuration.returnImmediately") ?? false
            : request.Flag(configuration, "blocking", "params.configuration.blocking") == false;
        var (task, call) = tasks.Create(message, context.TraceIdentifier);
        tasks.Run(task, call);
        if (!returnNow)
        {
            try
            {
                await task.Finished.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the caller left; the task runs on and stays in the store
            }
        }

        var snapshot = task.Snapshot(historyLength);
        await Answer(context, request, request.Version == A2aVersion.V1 ? new JsonObject { ["task"] = snapshot } : A2aV03.Task(snapshot));
    }

    private static Task GetAsync(HttpContext context, A2aTasks tasks, A2aRpcRequest request)
    {
        var id = request.RequireText("id");
        var historyLength = request.Integer("historyLength", 0, int.MaxValue);
        return Answer(context, request, Task(request, tasks.Find(id), historyLength));
    }

    private static Task StreamAsync(HttpContext context, A2aTasks tasks, A2aRpcRequest request)
    {
        var (task, call) = tasks.Create(Message(request), context.TraceIdentifier);
        var (snapshot, events) = task.Subscribe();
        tasks.Run(task, call);
        return A2aSse.WriteAsync(context, request, task, snapshot, events);
    }

    private static Task SubscribeAsync(HttpContext context, A2aTasks tasks, A2aRpcRequest request)
    {
        var task = tasks.Find(request.RequireText("id"));
        var (snapshot, events) = task.Subscribe();
        if (events is null)
        {
            throw A2aError.Unsupported($"Task {task.Id} is {task.State.V03()}: a finished task has no updates to subscribe to");
        }

        return A2aSse.WriteAsync(context, request, task, snapshot, events);
    }

    private static JsonObject Message(A2aRpcRequest request)
    {
        var message = request.Params["message"];
        return A2aWire.Message(request.Version == A2aVersion.V03 ? A2aV03.MessageToV1(message) : message);
    }

    private static JsonObject Task(A2aRpcRequest request, A2aTask task, int? historyLength)
    {
        var snapshot = task.Snapshot(historyLength);
        return request.Version == A2aVersion.V1 ? snapshot : A2aV03.Task(snapshot);
    }

    private static Task Answer(HttpContext context, A2aRpcRequest request, JsonObject result) =>
        WriteAsync(context, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request.Id?.DeepClone(), ["result"] = result }, StatusCodes.Status200OK);

    public static JsonObject Error(JsonNode? id, A2aError error, A2aVersion version)
    {
        var body = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
        if (version == A2aVersion.V1)
        {
            body["data"] = new JsonArray(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
                ["reason"] = error.Reason,
                ["domain"] = "a2a-protocol.org",
                ["metadata"] = new JsonObject(),
            });
        }

        // "id": null stays in the body (a parse error's id is null, JSON-RPC 2.0 §5).
        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["error"] = body };
    }

    private static async Task WriteAsync(HttpContext context, JsonObject body, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(A2aJson.Utf8(body), context.RequestAborted);
    }

    [LoggerMessage(EventId = LogEvents.Surfaces.A2aRequestRefused, EventName = "a2a.request.refused", Level = LogLevel.Debug,
        Message = "A2A JSON-RPC request answered with error {Code}: {Reason}")]
    private static partial void InvalidRequest(ILogger logger, int code, string reason);
}
