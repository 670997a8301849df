using System.Text.Json;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.A2a;

/// <summary>
/// The official A2A clients from npm (@a2a-js/sdk 1.x ClientFactory over JSON-RPC; 0.3.x A2AClient and ClientFactory)
/// against a real PAR with the sample agent: card, send, stream, get, list, cancel (finished and running), subscribe
/// and the error paths they can produce. Names carry the A2A TCK requirement id where one fits.
/// </summary>
public sealed class A2aOfficialClientTests(A2aClientsFixture fixture) : IClassFixture<A2aClientsFixture>
{
    private const string Base = SampleAgentFixture.Base;

    private A2aNodeClient V1 => fixture.V1;

    [Fact]
    public void V1_Card_OneSkillPerActionWithTheManifestsDescriptions()
    {
        var card = V1.Value("card");
        var skills = card.GetProperty("skills").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);

        Assert.Equal("Sample Agent", card.GetProperty("name").GetString());
        Assert.Equal("1.0.0", card.GetProperty("version").GetString());
        Assert.Equal(["calculate", "echo", "fail", "get_status", "process_data", "slow"], skills.Keys.Order());
        Assert.Equal("Applies an arithmetic operation to two numbers.", skills["calculate"].GetProperty("description").GetString()); // metadata.skills
        Assert.Equal("Always fails, to show how an agent's error reaches the caller.", skills["fail"].GetProperty("description").GetString()); // docstring
        Assert.Equal(["sample"], skills["echo"].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.True(card.GetProperty("capabilities").GetProperty("streaming").GetBoolean());
        var first = card.GetProperty("supportedInterfaces")[0];
        Assert.Equal($"http://127.0.0.1:{fixture.Host.Options.Listeners.RestPort}{Base}/a2a/jsonrpc", first.GetProperty("url").GetString());
        Assert.Equal("JSONRPC", first.GetProperty("protocolBinding").GetString());
        Assert.Equal("1.0", first.GetProperty("protocolVersion").GetString());
    }

    [Fact]
    public void V1_EveryRequest_SendsA2aVersion10AndGetsJsonOrSse()
    {
        Assert.True(V1.Requests.Count > 15);
        Assert.All(V1.Requests, r => Assert.Equal("1.0", r.GetProperty("a2aVersion").GetString()));
        Assert.All(V1.Requests, r => Assert.Equal(200, r.GetProperty("status").GetInt32()));
        var streamed = V1.Requests.Where(r => r.GetProperty("rpc").GetString() is "SendStreamingMessage").ToList();
        Assert.NotEmpty(streamed);
        Assert.All(streamed, r => Assert.Equal("text/event-stream", r.GetProperty("contentType").GetString()));
    }

    [Fact]
    public void V1_SendMessage_BlocksUntilCompletedWithTheResultAsArtifact()
    {
        var text = Task(V1.Value("send-data"));
        var data = Task(V1.Value("send-params"));
        var joined = Task(V1.Value("send-text"));

        Assert.Equal("TASK_STATE_COMPLETED", State(text));
        Assert.Equal("hi", Part(text).GetProperty("text").GetString()); // echo got the data part {"text": "hi"}
        Assert.Equal("TASK_STATE_COMPLETED", State(data));
        Assert.Equal(42, Part(data).GetProperty("data").GetProperty("result").GetInt32()); // metadata.params reached calculate
        Assert.Equal("application/json", Part(data).GetProperty("mediaType").GetString());
        Assert.Equal("plain words", Part(joined).GetProperty("text").GetString()); // {"text": the text parts}
        Assert.Equal("ROLE_USER", text.GetProperty("history")[0].GetProperty("role").GetString());
    }

    [Fact]
    public void V1_SendMessage_FailingActionIsFailedAndUnknownSkillRejected()
    {
        var failed = Task(V1.Value("send-fail"));
        var unknown = Task(V1.Value("send-unknown-skill"));
        var none = Task(V1.Value("send-no-skill"));

        Assert.Equal("TASK_STATE_FAILED", State(failed));
        Assert.Equal("RuntimeError: sample failure", StatusText(failed));
        Assert.Equal("TASK_STATE_REJECTED", State(unknown));
        Assert.Equal("No handler found for action: nope", StatusText(unknown));
        Assert.Equal("TASK_STATE_REJECTED", State(none));
        Assert.StartsWith("No skill given: set message.metadata.skill to one of: calculate, echo", StatusText(none));
    }

    [Fact]
    public void V1_SendStreamingMessage_TaskThenWorkingArtifactAndCompleted()
    {
        var events = V1.Value("stream").EnumerateArray().ToList();

        Assert.Equal(["task", "statusUpdate", "artifactUpdate", "statusUpdate"], events.Select(e => e.EnumerateObject().Single().Name));
        Assert.Equal("TASK_STATE_SUBMITTED", State(events[0].GetProperty("task")));
        Assert.Equal("TASK_STATE_WORKING", events[1].GetProperty("statusUpdate").GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("hello", events[2].GetProperty("artifactUpdate").GetProperty("artifact").GetProperty("parts")[0].GetProperty("data").GetProperty("greeting").GetString());
        Assert.Equal("TASK_STATE_COMPLETED", events[3].GetProperty("statusUpdate").GetProperty("status").GetProperty("state").GetString());
    }

    [Fact]
    public void V1_GetTask_ReturnsTheStoredTaskWithHistoryLength()
    {
        var sent = Task(V1.Value("send-data"));
        var got = V1.Value("get");

        Assert.Equal(sent.GetProperty("id").GetString(), got.GetProperty("id").GetString());
        Assert.Equal("TASK_STATE_COMPLETED", State(got));
        Assert.Equal(1, got.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public void V1_ListTasks_PagesFiltersByContextAndState()
    {
        var list = V1.Value("list");
        var first = list.GetProperty("first");
        var second = list.GetProperty("second");

        Assert.Equal(2, first.GetProperty("tasks").GetArrayLength());
        Assert.Equal(2, first.GetProperty("pageSize").GetInt32());
        Assert.True(first.GetProperty("totalSize").GetInt32() >= 7);
        Assert.NotEqual(string.Empty, first.GetProperty("nextPageToken").GetString());
        Assert.Empty(first.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString())
            .Intersect(second.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString())));
        var echoed = Task(V1.Value("send-data"));
        Assert.Equal([echoed.GetProperty("id").GetString()], list.GetProperty("byContext").GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.All(list.GetProperty("failed").GetProperty("tasks").EnumerateArray(), t => Assert.Equal("TASK_STATE_FAILED", State(t)));
        Assert.Equal(1, list.GetProperty("failed").GetProperty("totalSize").GetInt32());
    }

    [Fact]
    public void V1_CancelTask_FinishedTaskIsNotCancelable()
    {
        var error = V1.Error("cancel-finished");

        Assert.Equal("TaskNotCancelableError", error.GetProperty("name").GetString());
        Assert.Equal(-32002, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public void V1_GetAndCancelUnknownTask_TaskNotFound()
    {
        Assert.Equal("TaskNotFoundError", V1.Error("get-unknown").GetProperty("name").GetString());
        Assert.Equal(-32001, V1.Error("get-unknown").GetProperty("code").GetInt32());
        Assert.Equal("TaskNotFoundError", V1.Error("cancel-unknown").GetProperty("name").GetString());
    }

    [Fact]
    public void STREAM_SUB_003_SubscribeToFinishedTask_UnsupportedOperation()
    {
        var error = V1.Error("subscribe-finished");

        Assert.Equal("UnsupportedOperationError", error.GetProperty("name").GetString());
        Assert.Equal(-32004, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public void V1_PushConfig_ClientSeesThatTheCardDeclaresNoPushNotifications()
    {
        Assert.Equal("PushNotificationNotSupportedError", V1.Error("push-config").GetProperty("name").GetString());
    }

    [Fact]
    public void V1_ReturnImmediately_SubscribeThenCancelTheRunningTask()
    {
        var started = Task(V1.Value("send-return-immediately"));
        var run = V1.Value("subscribe-and-cancel-running");
        var events = run.GetProperty("events").EnumerateArray().ToList();

        Assert.Contains(State(started), new[] { "TASK_STATE_SUBMITTED", "TASK_STATE_WORKING" });
        Assert.Equal("TASK_STATE_CANCELED", State(run.GetProperty("canceled")));
        Assert.Equal("task", events[0].EnumerateObject().Single().Name);
        Assert.Equal("TASK_STATE_CANCELED", events[^1].GetProperty("statusUpdate").GetProperty("status").GetProperty("state").GetString());
        Assert.DoesNotContain(events, e => e.TryGetProperty("artifactUpdate", out _));
        Assert.Equal("TASK_STATE_CANCELED", State(run.GetProperty("after")));
        Assert.False(run.GetProperty("after").TryGetProperty("artifacts", out var artifacts) && artifacts.GetArrayLength() > 0);
    }

    [Fact]
    public void V03_A2aClient_CardIsTheHybridCard()
    {
        var card = fixture.V03Client.Value("card");
        var card03 = fixture.V03Client.Requests[0];

        Assert.Equal($"http://127.0.0.1:{fixture.Host.Options.Listeners.RestPort}{Base}/a2a/jsonrpc", card.GetProperty("url").GetString());
        Assert.Equal("JSONRPC", card.GetProperty("preferredTransport").GetString());
        Assert.Equal("0.3", card.GetProperty("protocolVersion").GetString());
        Assert.Equal(2, card.GetProperty("supportedInterfaces").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, card03.GetProperty("a2aVersion").ValueKind);
        Assert.StartsWith("A2A-Version", card03.GetProperty("vary").GetString());
    }

    [Fact]
    public void V03_A2aClient_SendGetStreamWithTheirShapes()
    {
        var client = fixture.V03Client;
        var sent = client.Value("send-data").GetProperty("result");
        var added = client.Value("send-params").GetProperty("result");
        var events = client.Value("stream").EnumerateArray().ToList();

        Assert.Equal("task", sent.GetProperty("kind").GetString());
        Assert.Equal("completed", sent.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("text", Part(sent).GetProperty("kind").GetString());
        Assert.Equal("hi", Part(sent).GetProperty("text").GetString());
        Assert.Equal("data", Part(added).GetProperty("kind").GetString());
        Assert.Equal(5, Part(added).GetProperty("data").GetProperty("result").GetInt32());
        Assert.Equal("user", sent.GetProperty("history")[0].GetProperty("role").GetString());
        Assert.Equal(["task", "status-update", "artifact-update", "status-update"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.True(events[^1].GetProperty("final").GetBoolean());
        Assert.False(events[1].GetProperty("final").GetBoolean());
        Assert.Equal("completed", client.Value("get").GetProperty("result").GetProperty("status").GetProperty("state").GetString());
        Assert.All(client.Requests.Skip(1), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("a2aVersion").ValueKind));
        Assert.Contains(client.Requests, r => r.GetProperty("rpc").GetString() == "message/send");
    }

    [Fact]
    public void V03_A2aClient_FailedRejectedAndErrorsWithoutData()
    {
        var client = fixture.V03Client;
        var failed = client.Value("send-fail").GetProperty("result");
        var rejected = client.Value("send-unknown-skill").GetProperty("result");
        var notCancelable = client.Value("cancel-finished").GetProperty("error");
        var notFound = client.Value("get-unknown").GetProperty("error");

        Assert.Equal("failed", failed.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("agent", failed.GetProperty("status").GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("rejected", rejected.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(-32002, notCancelable.GetProperty("code").GetInt32());
        Assert.False(notCancelable.TryGetProperty("data", out _));
        Assert.Equal(-32001, notFound.GetProperty("code").GetInt32());
    }

    [Fact]
    public void V03_A2aClient_NonBlockingThenResubscribeAndCancel()
    {
        var client = fixture.V03Client;
        var started = client.Value("send-non-blocking").GetProperty("result");
        var run = client.Value("resubscribe-and-cancel-running");
        var events = run.GetProperty("events").EnumerateArray().ToList();

        Assert.Contains(started.GetProperty("status").GetProperty("state").GetString(), new[] { "submitted", "working" });
        Assert.Equal("canceled", run.GetProperty("canceled").GetProperty("result").GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("task", events[0].GetProperty("kind").GetString());
        Assert.Equal("canceled", events[^1].GetProperty("status").GetProperty("state").GetString());
        Assert.True(events[^1].GetProperty("final").GetBoolean());
    }

    [Fact]
    public void V03_ClientFactory_PicksJsonRpcFromTheHybridCardAndWorksEndToEnd()
    {
        var client = fixture.V03Factory;
        var sent = client.Value("send-data");
        var events = client.Value("stream").EnumerateArray().ToList();
        var run = client.Value("resubscribe-and-cancel-running");

        Assert.True(client.Value("connect").GetBoolean());
        Assert.Equal("completed", sent.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("failed", client.Value("send-fail").GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("streamed", events[2].GetProperty("artifact").GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal(sent.GetProperty("id").GetString(), client.Value("get").GetProperty("id").GetString());
        Assert.Equal("TaskNotCancelableError", client.Error("cancel-finished").GetProperty("name").GetString());
        Assert.Equal("TaskNotFoundError", client.Error("get-unknown").GetProperty("name").GetString());
        Assert.Equal("canceled", run.GetProperty("canceled").GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("canceled", run.GetProperty("events").EnumerateArray().Last().GetProperty("status").GetProperty("state").GetString());
    }

    private static JsonElement Task(JsonElement sendResult) => sendResult.GetProperty("task");

    private static string? State(JsonElement task) => task.GetProperty("status").GetProperty("state").GetString();

    private static string? StatusText(JsonElement task) => task.GetProperty("status").GetProperty("message").GetProperty("parts")[0].GetProperty("text").GetString();

    private static JsonElement Part(JsonElement task)
    {
        Assert.True(task.TryGetProperty("artifacts", out var artifacts) && artifacts.GetArrayLength() > 0, $"no artifact: {task}");
        return artifacts[0].GetProperty("parts")[0];
    }
}
