using System.Text.Json;
using Par.Api.Tests.Infrastructure;
using static Par.Api.Tests.Surfaces.Mcp.McpNodeClient;

namespace Par.Api.Tests.Surfaces.Mcp;

/// <summary>The sample agent at {BASE}/mcp, driven by the official MCP client from npm.</summary>
public sealed class McpToolsTests(SampleAgentFixture sample) : IClassFixture<SampleAgentFixture>
{
    private string Url => $"http://127.0.0.1:{sample.Host.Options.Listeners.RestPort}{SampleAgentFixture.Base}/mcp";

    [Fact]
    public async Task Initialize_ServerInfoAndInstructionsFromTheManifest_Stateless()
    {
        var transcript = await RunAsync(Url);

        Assert.Equal("sample-agent", transcript.ServerInfo.GetProperty("name").GetString());
        Assert.Equal("Sample Agent", transcript.ServerInfo.GetProperty("title").GetString());
        Assert.Equal("1.0.0", transcript.ServerInfo.GetProperty("version").GetString());
        Assert.Equal("Reference agent for PAR with A2A actions, a plain ASGI REST app and a static UI.", transcript.Root.GetProperty("instructions").GetString());
        Assert.True(transcript.Root.GetProperty("capabilities").TryGetProperty("tools", out _), transcript.ToString());
        Assert.Equal(JsonValueKind.Null, transcript.Root.GetProperty("sessionId").ValueKind);
        // Stateless Streamable HTTP: every message a POST, the client's optional GET stream refused with 405.
        Assert.All(transcript.Http.Where(h => h.GetProperty("method").GetString() == "POST"),
            h => Assert.Contains(h.GetProperty("status").GetInt32(), new[] { 200, 202 }));
        Assert.Contains(transcript.Http, h => h.GetProperty("method").GetString() == "GET" && h.GetProperty("status").GetInt32() == 405);
    }

    [Fact]
    public async Task ToolsList_OneToolPerAction_SchemaFromTheManifestOrAnOpenObject()
    {
        var transcript = await RunAsync(Url);

        Assert.Equal(["calculate", "echo", "fail", "get_status", "process_data", "slow"],
            transcript.Tools.Select(t => t.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var calculate = transcript.Tool("calculate");
        Assert.Equal("Applies an arithmetic operation to two numbers.", calculate.GetProperty("description").GetString());
        var schema = calculate.GetProperty("inputSchema");
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(["operation", "a", "b"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("number", schema.GetProperty("properties").GetProperty("a").GetProperty("type").GetString());
        Assert.Equal(4, schema.GetProperty("properties").GetProperty("operation").GetProperty("enum").GetArrayLength());
        foreach (var name in new[] { "echo", "fail", "get_status", "process_data", "slow" })
        {
            var open = transcript.Tool(name).GetProperty("inputSchema");
            Assert.Equal("object", open.GetProperty("type").GetString());
            Assert.True(open.GetProperty("additionalProperties").GetBoolean(), name);
            Assert.False(open.TryGetProperty("properties", out _), name);
        }

        // Without metadata.skills the description is the handler's docstring.
        Assert.Equal("Always fails, to show how an agent's error reaches the caller.", transcript.Tool("fail").GetProperty("description").GetString());
    }

    [Fact]
    public async Task CallTool_ObjectResult_IsTextAndStructuredContent()
    {
        var transcript = await RunAsync(Url, Call("calculate", new { operation = "multiply", a = 6, b = 7 }));

        var result = transcript.Result(0);
        Assert.False(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), transcript.ToString());
        var text = result.GetProperty("content")[0];
        Assert.Equal("text", text.GetProperty("type").GetString());
        Assert.Equal(42, JsonDocument.Parse(text.GetProperty("text").GetString()!).RootElement.GetProperty("result").GetInt32());
        Assert.Equal(42, result.GetProperty("structuredContent").GetProperty("result").GetInt32());
        Assert.Equal("multiply", result.GetProperty("structuredContent").GetProperty("operation").GetString());
    }

    [Fact]
    public async Task CallTool_StringResult_IsTextOnly()
    {
        var transcript = await RunAsync(Url, Call("echo", new { text = "hi there" }));

        var result = transcript.Result(0);
        Assert.Equal("hi there", result.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.False(result.TryGetProperty("structuredContent", out _), transcript.ToString());
    }

    [Fact]
    public async Task CallTool_Arguments_ReachTheActionAsItsParameters()
    {
        var arguments = new { text = "grüße", count = 3, ratio = 0.5, flag = true, none = (string?)null, nested = new { list = new[] { 1, 2 } } };

        var transcript = await RunAsync(Url, Call("process_data", arguments), Call("process_data"));

        var received = transcript.Result(0).GetProperty("structuredContent").GetProperty("received");
        Assert.Equal("grüße", received.GetProperty("text").GetString());
        Assert.Equal(3, received.GetProperty("count").GetInt32());
        Assert.Equal(0.5, received.GetProperty("ratio").GetDouble());
        Assert.True(received.GetProperty("flag").GetBoolean());
        Assert.Equal(JsonValueKind.Null, received.GetProperty("none").ValueKind);
        Assert.Equal([1, 2], received.GetProperty("nested").GetProperty("list").EnumerateArray().Select(e => e.GetInt32()));
        // No arguments at all: the action gets an empty object.
        Assert.Equal(0, transcript.Result(1).GetProperty("structuredContent").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task CallTool_AgentFailure_IsErrorWithTheAgentsMessage()
    {
        var transcript = await RunAsync(Url, Call("fail"), Call("calculate", new { operation = "divide", a = 1, b = 0 }));

        var failed = transcript.Result(0);
        Assert.True(failed.GetProperty("isError").GetBoolean(), transcript.ToString());
        Assert.Contains("sample failure", failed.GetProperty("content")[0].GetProperty("text").GetString());
        var divide = transcript.Result(1);
        Assert.True(divide.GetProperty("isError").GetBoolean(), transcript.ToString());
        Assert.Contains("division by zero", divide.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task CallTool_UnknownTool_InvalidParamsError()
    {
        var transcript = await RunAsync(Url, Call("nope", new { x = 1 }), Call("echo", new { text = "still served" }));

        var error = transcript.Error(0);
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains("Unknown tool: 'nope'", error.GetProperty("message").GetString());
        Assert.Equal("still served", transcript.Result(1).GetProperty("content")[0].GetProperty("text").GetString());
        // A caller's mistake: no error or warning line for the operator (the SDK would log one with a stack trace).
        Assert.DoesNotContain(sample.Host.Logs.Entries, e => e.AllText.Contains("Unknown tool", StringComparison.Ordinal));
    }
}
