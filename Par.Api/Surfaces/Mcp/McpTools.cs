using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Par.Api.Agents;
using Par.Api.Agents.Skills;
using Par.Api.Config;
using Par.Api.Logging;

namespace Par.Api.Surfaces.Mcp;

/// <summary>
/// The MCP server of one request: its identity from the manifest, one tool per skill (<see cref="SkillCatalog"/> is the
/// one source of names, descriptions and schemas), and each call through the <see cref="AgentInvoker"/>.
/// </summary>
internal sealed partial class McpTools(RunningAgent agent, AgentInvoker invoker, ParOptions options, TimeProvider time, ILogger<McpTools> logger)
{
    private ToolList? _tools;

    /// <summary>Sets up a fresh server for the request whose id reaches the agent as X-Request-ID.</summary>
    public void Configure(McpServerOptions server, string requestId)
    {
        var identity = AgentIdentity.Of(agent.Manifest, options.AgentAppId);
        server.ServerInfo = McpServerIdentity.Of(identity);
        server.ServerInstructions = identity.Description;
        server.Handlers.ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = [.. Tools()] });
        server.Handlers.CallToolHandler = (request, cancellationToken) => CallAsync(request.Params, requestId, cancellationToken);
    }

    /// <summary>One tool per skill, built once per skill list that RunningAgent hands out (it keeps one once the worker loaded).</summary>
    public IReadOnlyList<Tool> Tools()
    {
        var skills = agent.Skills;
        if (Volatile.Read(ref _tools) is { } cached && ReferenceEquals(cached.Skills, skills))
        {
            return cached.Tools;
        }

        var list = new ToolList(skills, [.. skills.Select(ToTool)]);
        Volatile.Write(ref _tools, list);
        return list.Tools;
    }

    public async ValueTask<CallToolResult> CallAsync(CallToolRequestParams? call, string requestId, CancellationToken cancellationToken)
    {
        var name = call?.Name;
        if (name is null || !agent.Skills.Any(s => s.Id == name))
        {
            // The SDK's own answer for a tool it does not know: a JSON-RPC invalid-params error, not a tool result.
            throw new McpProtocolException($"Unknown tool: '{name}'", McpErrorCode.InvalidParams);
        }

        ToolCalled(logger, name, requestId);
        var started = time.GetTimestamp();
        var outcome = await invoker.InvokeAsync(new AgentCall(name, ToolArguments.ToJson(call!.Arguments), requestId), cancellationToken);
        ToolCompleted(logger, name, outcome.Success, time.GetElapsedTime(started).TotalMilliseconds, requestId);
        return outcome.Success ? Succeeded(outcome.Result ?? string.Empty) : Failed(outcome.Error);
    }

    /// <summary>The result as text; a JSON object also as structuredContent (MCP's structured results are objects).</summary>
    private static CallToolResult Succeeded(string result) => new()
    {
        Content = [new TextContentBlock { Text = result }],
        StructuredContent = AsObject(result),
    };

    /// <summary>A failing action is a tool result with isError, so the model sees the agent's message (not a protocol error).</summary>
    private static CallToolResult Failed(string? error) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = string.IsNullOrEmpty(error) ? "the action failed" : error }],
    };

    private static JsonElement? AsObject(string result)
    {
        if (result.Length == 0 || result[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(result);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null; // a string that only starts like an object
        }
    }

    private Tool ToTool(AgentSkill skill)
    {
        var tool = new Tool { Name = skill.Id, Title = skill.Name, Description = skill.Description };
        try
        {
            tool.InputSchema = Parse(skill.InputSchema);
            tool.OutputSchema = skill.OutputSchema is { } output ? Parse(output) : null;
        }
        catch (ArgumentException e)
        {
            // The SDK insists on "type": "object"; the manifest check lets a schema without "type" through.
            SchemaRejected(logger, skill.Id, e.Message);
            tool.InputSchema = Parse(SkillCatalog.OpenObjectSchema);
            tool.OutputSchema = null;
        }

        return tool;
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private sealed record ToolList(IReadOnlyList<AgentSkill> Skills, Tool[] Tools);

    [LoggerMessage(EventId = LogEvents.Surfaces.McpToolCalled, EventName = "mcp.tool.called", Level = LogLevel.Debug,
        Message = "MCP tool {Tool} called (request {RequestId})")]
    private static partial void ToolCalled(ILogger logger, string tool, string requestId);

    [LoggerMessage(EventId = LogEvents.Surfaces.McpToolCompleted, EventName = "mcp.tool.completed", Level = LogLevel.Debug,
        Message = "MCP tool {Tool} answered in {DurationMs:F1} ms (success {Success}, request {RequestId})")]
    private static partial void ToolCompleted(ILogger logger, string tool, bool success, double durationMs, string requestId);

    [LoggerMessage(EventId = LogEvents.Surfaces.McpToolSchemaRejected, EventName = "mcp.tool.schema_rejected", Level = LogLevel.Warning,
        Message = "MCP tool {Tool} is listed with an open input schema: its declared schema was refused ({Reason})")]
    private static partial void SchemaRejected(ILogger logger, string tool, string reason);
}
