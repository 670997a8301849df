using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// A task's events as Server-Sent Events: one <c>data:</c> line per JSON-RPC response, first the task, then each
/// change, closed after the terminal state (1.0) or the status update marked <c>final</c> (0.3). A stream is an
/// in-flight request: on shutdown the listeners wait for it within GRACEFUL_SHUTDOWN_TIMEOUT_SEC, then close it.
/// </summary>
internal static class A2aSse
{
    private static readonly byte[] Prefix = "data: "u8.ToArray();
    private static readonly byte[] End = "\n\n"u8.ToArray();

    public static async Task WriteAsync(HttpContext context, A2aRpcRequest request, A2aTask task, JsonObject snapshot, ChannelReader<JsonObject>? events)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx in front passes each event on as it comes
        var aborted = context.RequestAborted;
        try
        {
            await SendAsync(response, request, new JsonObject { ["task"] = snapshot }, aborted);
            if (events is null)
            {
                return;
            }

            await foreach (var streamResponse in events.ReadAllAsync(aborted))
            {
                await SendAsync(response, request, streamResponse, aborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            // The client went away (or shutdown closed the connection): the task is not affected.
        }
        finally
        {
            if (events is not null)
            {
                task.Unsubscribe(events);
            }
        }
    }

    private static async Task SendAsync(HttpResponse response, A2aRpcRequest request, JsonObject streamResponse, CancellationToken cancellationToken)
    {
        var result = request.Version == A2aVersion.V1 ? streamResponse : A2aV03.Event(streamResponse);
        var envelope = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request.Id?.DeepClone(), ["result"] = result };
        await response.Body.WriteAsync(Prefix, cancellationToken);
        await response.Body.WriteAsync(A2aJson.Utf8(envelope), cancellationToken);
        await response.Body.WriteAsync(End, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
