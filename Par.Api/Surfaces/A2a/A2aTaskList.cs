using System.Globalization;
using System.Text.Json.Nodes;

namespace Par.Api.Surfaces.A2a;

/// <summary>ListTasks (1.0): filters by contextId and status, pages of pageSize (1–100, 50 by default) with an opaque cursor.</summary>
internal static class A2aTaskList
{
    private const int DefaultPageSize = 50;

    public static JsonObject Page(IReadOnlyList<A2aTask> all, A2aRpcRequest request)
    {
        var contextId = request.Text("contextId");
        A2aTaskState? state = request.Text("status") is { Length: > 0 } status && status != A2aProtoNames.TaskStateUnspecified
            ? A2aTaskStates.Parse(status) ?? throw A2aError.InvalidParams($"params.status is not a task state: {status}")
            : null;
        var pageSize = request.Integer("pageSize", 1, 100) ?? DefaultPageSize;
        var historyLength = request.Integer("historyLength", 0, int.MaxValue);
        var includeArtifacts = request.Flag(request.Params, "includeArtifacts", "params.includeArtifacts") ?? false;
        var start = Offset(request.Text("pageToken"));
        var matching = all.Where(t => (contextId is not { Length: > 0 } || t.ContextId == contextId) && (state is null || t.State == state)).ToList();
        var page = matching.Skip(start).Take(pageSize).ToList();
        var next = start + page.Count < matching.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : string.Empty;
        return new JsonObject
        {
            ["tasks"] = new JsonArray([.. page.Select(t => (JsonNode)t.Snapshot(historyLength, includeArtifacts))]),
            ["nextPageToken"] = next,
            ["pageSize"] = pageSize,
            ["totalSize"] = matching.Count,
        };
    }

    private static int Offset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw A2aError.InvalidParams($"params.pageToken is not a token this server gave: {token}");
    }
}
