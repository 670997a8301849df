using System.Text.Json;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.A2a;

/// <summary>The JSON-RPC error paths the official clients cannot produce, over plain HTTP against a real PAR.</summary>
public sealed class A2aJsonRpcErrorTests(SampleAgentFixture sample) : IClassFixture<SampleAgentFixture>
{
    private const string Path = SampleAgentFixture.Base + "/a2a/jsonrpc";

    private HttpClient Rest => sample.Host.Rest;

    [Fact]
    public async Task ParseError_IdIsNull()
    {
        var (status, body) = await A2aHttp.PostAsync(Rest, Path, "{\"jsonrpc\":\"2.0\",");

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("id").ValueKind);
        Assert.Equal(-32700, Code(body));
        Assert.Equal("PARSE_ERROR", Reason(body));
    }

    [Theory]
    [InlineData("[]", "batches")]
    [InlineData("""{"jsonrpc":"2.0","method":"GetTask","params":{}}""", "id must be")]
    [InlineData("""{"jsonrpc":"2.0","id":{},"method":"GetTask"}""", "id must be")]
    public async Task InvalidRequest_WithoutUsableId_IdNull(string request, string says)
    {
        var (_, body) = await A2aHttp.PostAsync(Rest, Path, request);

        Assert.Equal(-32600, Code(body));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("id").ValueKind);
        Assert.Contains(says, Text(body));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"1.0","id":7,"method":"GetTask"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":7}""")]
    public async Task InvalidRequest_EchoesTheId(string request)
    {
        var (_, body) = await A2aHttp.PostAsync(Rest, Path, request);

        Assert.Equal(-32600, Code(body));
        Assert.Equal(7, body.GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("0.2")]
    [InlineData("banana")]
    public async Task VER_SERVER_003_UnsupportedVersion_32009(string version)
    {
        var (status, body) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call("GetTask", """{"id":"x"}""", "\"v\""), version);

        Assert.Equal(200, status);
        Assert.Equal(-32009, Code(body));
        Assert.Equal("VERSION_NOT_SUPPORTED", Reason(body));
        Assert.Equal("v", body.GetProperty("id").GetString());
        Assert.Contains(version, Text(body));
    }

    [Fact]
    public async Task MethodNotFound_NamesTheVersionWhenItIsTheOthersMethod()
    {
        var (_, v03) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call("SendMessage", A2aHttp.Message()), version: null);
        var (_, v1) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call("message/send", A2aHttp.Message()));
        var (_, other) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call("Nope", "{}"));

        Assert.Equal(-32601, Code(v03));
        Assert.Contains("A2A-Version: 1.0", Text(v03));
        Assert.False(v03.GetProperty("error").TryGetProperty("data", out _)); // 0.3 errors carry no ErrorInfo
        Assert.Equal(-32601, Code(v1));
        Assert.Contains("0.3 method", Text(v1));
        Assert.Equal("Method not found: Nope", Text(other));
        Assert.Equal("METHOD_NOT_FOUND", Reason(other));
    }

    [Theory]
    [InlineData("SendMessage", "[1]", "params must be an object")]
    [InlineData("SendMessage", "{}", "params.message must be a Message object")]
    [InlineData("SendMessage", """{"message":{"role":"ROLE_USER","parts":[{"text":"x"}]}}""", "params.message.messageId")]
    [InlineData("SendMessage", """{"message":{"messageId":"m","role":"user","parts":[{"text":"x"}]}}""", "params.message.role")]
    [InlineData("SendMessage", """{"message":{"messageId":"m","role":"ROLE_USER","parts":[]}}""", "params.message.parts")]
    [InlineData("SendMessage", """{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"x","data":{}}]}}""", "params.message.parts[0]")]
    [InlineData("SendMessage", """{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"x"}],"metadata":{"skill":"echo","params":[1]}}}""", "metadata.params must be an object")]
    [InlineData("SendMessage", """{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"x"}]},"configuration":{"returnImmediately":"yes"}}""", "returnImmediately")]
    [InlineData("GetTask", "{}", "params.id")]
    [InlineData("GetTask", """{"id":"x","historyLength":-1}""", "params.historyLength")]
    [InlineData("ListTasks", """{"pageSize":500}""", "params.pageSize")]
    [InlineData("ListTasks", """{"pageToken":"zz"}""", "params.pageToken")]
    [InlineData("ListTasks", """{"status":"TASK_STATE_DREAMING"}""", "params.status")]
    [InlineData("CancelTask", """{"id":5}""", "params.id must be a string")]
    public async Task InvalidParams_32602NamesTheField(string method, string parameters, string says)
    {
        var (_, body) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call(method, parameters));

        Assert.Equal(-32602, Code(body));
        Assert.Equal("INVALID_PARAMS", Reason(body));
        Assert.Contains(says, Text(body));
        Assert.Equal(1, body.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task WrongContentType_32005()
    {
        var (_, body) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call("GetTask", """{"id":"x"}"""), contentType: "application/x-www-form-urlencoded");

        Assert.Equal(-32005, Code(body));
        Assert.Contains("application/json", Text(body));
    }

    [Theory]
    [InlineData("1.0", "CreateTaskPushNotificationConfig", -32003)]
    [InlineData("1.0", "ListTaskPushNotificationConfigs", -32003)]
    [InlineData(null, "tasks/pushNotificationConfig/set", -32003)]
    [InlineData("1.0", "GetExtendedAgentCard", -32004)]
    [InlineData(null, "agent/getAuthenticatedExtendedCard", -32004)]
    public async Task UndeclaredCapabilities_AnswerTheirErrors(string? version, string method, int code)
    {
        var (_, body) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call(method, """{"taskId":"x"}"""), version);

        Assert.Equal(code, Code(body));
    }

    [Fact]
    public async Task ListTasks_IsNotA03Method()
    {
        var (_, body) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call("tasks/list", "{}"), version: null);

        Assert.Equal(-32601, Code(body));
    }

    [Fact]
    public async Task SendMessage_ToAnExistingTask_UnsupportedAndToAnUnknownOne_NotFound()
    {
        var (_, sent) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call("SendMessage", A2aHttp.Message()));
        var taskId = sent.GetProperty("result").GetProperty("task").GetProperty("id").GetString();

        var (_, again) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call("SendMessage",
            """{"message":{"messageId":"m-2","taskId":""" + JsonSerializer.Serialize(taskId) + ""","role":"ROLE_USER","parts":[{"text":"more"}],"metadata":{"skill":"echo"}}}"""));
        var (_, unknown) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call("SendMessage",
            """{"message":{"messageId":"m-3","taskId":"no-such-task","role":"ROLE_USER","parts":[{"text":"more"}]}}"""));

        Assert.Equal(-32004, Code(again));
        Assert.Equal(-32001, Code(unknown));
        Assert.Equal("TASK_NOT_FOUND", Reason(unknown));
    }

    [Fact]
    public async Task ErrorInfo_HasTheGoogleRpcShape()
    {
        var (_, body) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call("GetTask", """{"id":"no-such-task"}"""));
        var info = body.GetProperty("error").GetProperty("data")[0];

        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", info.GetProperty("@type").GetString());
        Assert.Equal("TASK_NOT_FOUND", info.GetProperty("reason").GetString());
        Assert.Equal("a2a-protocol.org", info.GetProperty("domain").GetString());
    }

    [Fact]
    public async Task A03Message_FilePartsAndVersionZeroThreeHeaderAreAccepted()
    {
        var (_, body) = await A2aHttp.PostAsync(Rest, Path, A2aHttp.Call("message/send",
            """{"message":{"kind":"message","messageId":"m","role":"user","parts":[{"kind":"file","file":{"uri":"http://example.invalid/x","mimeType":"text/plain"}},{"kind":"text","text":"t"}],"metadata":{"skill":"process_data"}}}"""), version: "0.3");
        var task = body.GetProperty("result");

        Assert.Equal("completed", task.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("file", task.GetProperty("history")[0].GetProperty("parts")[0].GetProperty("kind").GetString());
        Assert.Equal("http://example.invalid/x", task.GetProperty("history")[0].GetProperty("parts")[0].GetProperty("file").GetProperty("uri").GetString());
        Assert.Equal("t", task.GetProperty("artifacts")[0].GetProperty("parts")[0].GetProperty("data").GetProperty("received").GetProperty("text").GetString());
    }

    [Fact]
    public async Task OtherMethodsOnTheA2aPaths_AreTheAgentsOwn()
    {
        // Only POST .../a2a/jsonrpc and GET/HEAD .../.well-known/agent-card.json are PAR's: the rest is forwarded.
        using var get = await Rest.GetAsync(Path);
        using var agentJson = await Rest.GetAsync(SampleAgentFixture.Base + "/.well-known/agent.json");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, agentJson.StatusCode);
        Assert.Equal("""{"detail": "Not Found"}""", await get.Content.ReadAsStringAsync()); // the sample app's own 404
    }

    private static int Code(JsonElement body) => body.GetProperty("error").GetProperty("code").GetInt32();

    private static string Text(JsonElement body) => body.GetProperty("error").GetProperty("message").GetString()!;

    private static string? Reason(JsonElement body) => body.GetProperty("error").GetProperty("data")[0].GetProperty("reason").GetString();
}
