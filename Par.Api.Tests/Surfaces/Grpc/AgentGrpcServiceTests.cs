using System.Text.Json;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Tests.Agents;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.Grpc;

public sealed class AgentGrpcServiceTests(SampleAgentFixture sample) : IClassFixture<SampleAgentFixture>
{
    private AgentService.AgentServiceClient Client(string? pathPrefix = null) =>
        new(GrpcChannels.For(sample.Host.A2aAddress, pathPrefix));

    [Fact]
    public async Task Invoke_LegacyForm_ReturnsHandlerResultAsJson()
    {
        var request = new ActionRequest { Action = "calculate", RequestId = "r-1" };
        request.Parameters.Add(new Dictionary<string, string> { ["operation"] = "multiply", ["a"] = "6", ["b"] = "7" });

        var result = await Client().InvokeAsync(request);

        Assert.True(result.Success, result.Error);
        Assert.Equal("r-1", result.RequestId);
        Assert.Equal(42, JsonDocument.Parse(result.Result).RootElement.GetProperty("result").GetDouble());
    }

    [Fact]
    public async Task Invoke_A2aMessageForm_DispatchesSkillWithParams()
    {
        var message = new A2AMessage
        {
            Jsonrpc = "2.0",
            Id = "m-1",
            Method = "message/send",
            ParamsJson = """{"message":{"metadata":{"skill":"process_data","params":{"x":1,"y":[1,2]}}}}""",
        };

        var result = await Client().InvokeAsync(new ActionRequest { Action = "ignored", Message = message });

        Assert.True(result.Success, result.Error);
        var body = JsonDocument.Parse(result.Result).RootElement;
        Assert.Equal(2, body.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Invoke_StringResult_ReturnedAsIs()
    {
        var request = new ActionRequest { Action = "echo" };
        request.Parameters["text"] = "plain words";

        var result = await Client().InvokeAsync(request);

        Assert.True(result.Success, result.Error);
        Assert.Equal("plain words", result.Result);
    }

    [Fact]
    public async Task Invoke_UnknownAction_SaysNoHandler()
    {
        var result = await Client().InvokeAsync(new ActionRequest { Action = "nope" });

        Assert.False(result.Success);
        Assert.Equal("No handler found for action: nope", result.Error);
    }

    [Fact]
    public async Task Invoke_HandlerRaises_ReturnsErrorMessage()
    {
        var result = await Client().InvokeAsync(new ActionRequest { Action = "fail" });

        Assert.False(result.Success);
        Assert.Contains("RuntimeError: sample failure", result.Error);
    }

    [Fact]
    public async Task Invoke_MessageWithoutSkill_Refused()
    {
        var message = new A2AMessage { Jsonrpc = "2.0", ParamsJson = """{"message":{"metadata":{}}}""" };

        var result = await Client().InvokeAsync(new ActionRequest { Message = message });

        Assert.False(result.Success);
        Assert.Contains("skill", result.Error);
    }

    [Fact]
    public async Task DescribeCapabilities_ListsActionsAndMetadata()
    {
        var capabilities = await Client().DescribeCapabilitiesAsync(new Empty());

        Assert.Equal(["calculate", "echo", "fail", "get_status", "process_data", "slow"], capabilities.Methods.Order(StringComparer.Ordinal));
        Assert.Equal("sample-agent", capabilities.Metadata["name"]);
    }

    [Fact]
    public async Task PingAndHealth_AnswerForTheReadyAgent()
    {
        var pong = await Client().PingAsync(new Empty());
        var health = await Client().HealthAsync(new Empty());

        Assert.Equal("pong", pong.Message);
        Assert.True(pong.Timestamp > 0);
        Assert.True(health.Ok);
    }

    [Fact]
    public async Task Call_ThroughBaseA2aPrefix_Accepted()
    {
        var pong = await Client(SampleAgentFixture.Base + "/a2a").PingAsync(new Empty());

        Assert.Equal("pong", pong.Message);
    }

    [Fact]
    public async Task Reflection_ListsAgentAndHealthServices()
    {
        var reflection = new ServerReflection.ServerReflectionClient(GrpcChannels.For(sample.Host.A2aAddress));
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("pixell.agent.AgentService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Invoke_A2aMessage_ReturnsTheJsonRpcIdAsRequestId()
    {
        var message = new A2AMessage
        {
            Jsonrpc = "2.0",
            Id = "jsonrpc-9",
            Method = "message/send",
            ParamsJson = """{"message":{"metadata":{"skill":"get_status"}}}""",
        };

        var result = await Client().InvokeAsync(new ActionRequest { Message = message });

        Assert.True(result.Success, result.Error);
        Assert.Equal("jsonrpc-9", result.RequestId);
    }

    [Theory]
    [InlineData("crlf")]
    [InlineData("non-ascii")]
    [InlineData("one-mebibyte")]
    public async Task Invoke_RequestIdNoHeaderCanCarry_StillAnsweredAndEchoed(string kind)
    {
        var id = BadId(kind);
        var request = new ActionRequest { Action = "calculate", RequestId = id };
        request.Parameters.Add(new Dictionary<string, string> { ["operation"] = "add", ["a"] = "2", ["b"] = "3" });

        var result = await Client().InvokeAsync(request);

        Assert.True(result.Success, result.Error);
        Assert.Equal(id, result.RequestId);
        Assert.Equal(5, JsonDocument.Parse(result.Result).RootElement.GetProperty("result").GetDouble());
    }

    [Fact]
    public async Task Invoke_A2aMessageIdWithCrLf_StillAnsweredAndEchoed()
    {
        var message = new A2AMessage
        {
            Jsonrpc = "2.0",
            Id = BadId("crlf"),
            Method = "message/send",
            ParamsJson = """{"message":{"metadata":{"skill":"get_status"}}}""",
        };

        var result = await Client().InvokeAsync(new ActionRequest { Message = message });

        Assert.True(result.Success, result.Error);
        Assert.Equal(BadId("crlf"), result.RequestId);
    }

    [Fact]
    public async Task Invoke_BadRequestId_ServicerSeesTheCallsOwnId()
    {
        using var dir = new TempDirectory();
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("request-id-servicer"), ("agent_main.py", RequestIdServicer));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = package });
        var snapshot = await host.WaitForBootAsync();
        Assert.True(snapshot.IsReady, snapshot.Error);
        var client = new AgentService.AgentServiceClient(GrpcChannels.For(host.A2aAddress));

        var result = await client.InvokeAsync(
            new ActionRequest { Action = "whoami", RequestId = BadId("crlf") }, new Metadata { { "x-request-id", "hdr-7" } });

        Assert.True(result.Success, result.Error);
        Assert.Equal(BadId("crlf"), result.RequestId);
        Assert.Equal("hdr-7", result.Result);
    }

    [Fact]
    public async Task Invoke_WorkerDiesMidCall_AnsweredWithSuccessFalseAndTheReason()
    {
        using var dir = new TempDirectory();
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("dying-worker"),
            ("agent_main.py", "import os\n\n\ndef create_service():\n    return {\"custom_handlers\": {\"die\": lambda params: os._exit(3)}}\n"));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = package });
        var snapshot = await host.WaitForBootAsync();
        Assert.True(snapshot.IsReady, snapshot.Error);
        var client = new AgentService.AgentServiceClient(GrpcChannels.For(host.A2aAddress));

        var result = await client.InvokeAsync(new ActionRequest { Action = "die", RequestId = "r-die" });

        Assert.False(result.Success);
        Assert.Equal("r-die", result.RequestId);
        Assert.StartsWith("the agent worker could not be called: ", result.Error, StringComparison.Ordinal);
    }

    private static string BadId(string kind) => kind switch
    {
        "crlf" => "id-1\r\nX-Injected: yes",
        "non-ascii" => "id-\u00e9t\u00e9-\u2603",
        _ => new string('a', 1024 * 1024),
    };

    private const string RequestIdServicer = """
        class Servicer:
            def Invoke(self, request, context):
                return {"success": True, "result": request.request_id}


        def create_service():
            return Servicer()

        """;
}
