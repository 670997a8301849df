using System.Text.Json;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Par.Api.A2a.Protocol;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.A2a;

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
}
