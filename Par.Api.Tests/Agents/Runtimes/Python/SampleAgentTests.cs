using System.Net;
using System.Text.Json;
using Par.Api.Agents;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>samples/sample-agent booted once, in a real venv with a real worker process, for the tests of this class.</summary>
public sealed class SampleAgentHost : IAsyncLifetime
{
    internal ParTestHost Host { get; private set; } = null!;

    internal BootSnapshot Snapshot { get; private set; } = null!;

    internal IAgentWorker Worker => Host.Services.GetRequiredService<RunningAgent>().Worker
        ?? throw new InvalidOperationException($"the sample has no worker: {Snapshot.Error}");

    public async Task InitializeAsync()
    {
        Host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = TestPackages.SampleAgent });
        Snapshot = await Host.WaitForBootAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SampleAgentTests(SampleAgentHost sample) : IClassFixture<SampleAgentHost>
{
    [Fact]
    public async Task SampleAgent_Boots_ReadyWithItsActionsListed()
    {
        using var health = await sample.Host.Rest.GetAsync("/health");

        Assert.True(sample.Snapshot.IsReady, sample.Snapshot.Error);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(["calculate", "echo", "fail", "get_status", "process_data", "slow"], sample.Worker.Actions);
        Assert.True(sample.Worker.HasAsgi);
    }

    [Fact]
    public void SampleAgent_Skills_DescribedFromManifestThenDocstrings()
    {
        var skills = sample.Host.Services.GetRequiredService<RunningAgent>().Skills.ToDictionary(s => s.Id);

        Assert.Equal("Returns a plain string, which PAR passes through without JSON encoding.", sample.Worker.Docs["echo"]);
        Assert.Equal("Applies an arithmetic operation to two numbers.", skills["calculate"].Description);
        Assert.Contains("\"required\":[\"operation\",\"a\",\"b\"]", skills["calculate"].InputSchema, StringComparison.Ordinal);
        Assert.Equal(sample.Worker.Docs["echo"], skills["echo"].Description);
        Assert.Equal(["sample"], skills["echo"].Tags);
        Assert.Equal(6, skills.Count);
    }

    [Fact]
    public async Task SampleAgent_Calculate_ReturnsJson()
    {
        var outcome = await sample.Worker.InvokeAsync("calculate", """{"operation": "multiply", "a": 6, "b": "7"}""", CancellationToken.None);

        Assert.True(outcome.Success, outcome.Error);
        using var result = JsonDocument.Parse(outcome.Result!);
        Assert.Equal(42, result.RootElement.GetProperty("result").GetInt32());
        Assert.Equal("multiply", result.RootElement.GetProperty("operation").GetString());
    }

    [Fact]
    public async Task SampleAgent_StringResult_PassesThroughWithoutJsonQuotes()
    {
        var outcome = await sample.Worker.InvokeAsync("echo", """{"text": "plain words"}""", CancellationToken.None);

        Assert.Equal(new ActionOutcome(true, "plain words", null), outcome);
    }

    [Fact]
    public async Task SampleAgent_FiftyConcurrentSyncAndFiftyAsyncCalls_EachGetsItsOwnAnswer()
    {
        var sync = Enumerable.Range(0, 50).Select(async i =>
        {
            var outcome = await sample.Worker.InvokeAsync("process_data", $$"""{"call": {{i}}}""", CancellationToken.None);
            Assert.True(outcome.Success, outcome.Error);
            return JsonDocument.Parse(outcome.Result!).RootElement.GetProperty("received").GetProperty("call").GetInt32();
        }).ToList();
        var async = Enumerable.Range(0, 50).Select(async _ =>
        {
            var outcome = await sample.Worker.InvokeAsync("get_status", "{}", CancellationToken.None);
            Assert.True(outcome.Success, outcome.Error);
            return JsonDocument.Parse(outcome.Result!).RootElement.GetProperty("greeting").GetString();
        }).ToList();

        var calls = await Task.WhenAll(sync);
        var greetings = await Task.WhenAll(async);

        Assert.Equal(Enumerable.Range(0, 50), calls);
        Assert.All(greetings, g => Assert.Equal("hello", g));
    }

    [Fact]
    public async Task SampleAgent_HandlerRaises_ReportsThePythonErrorAndKeepsServing()
    {
        var failed = await sample.Worker.InvokeAsync("fail", "{}", CancellationToken.None);
        var after = await sample.Worker.InvokeAsync("echo", """{"text": "still here"}""", CancellationToken.None);

        Assert.Equal(new ActionOutcome(false, null, "RuntimeError: sample failure"), failed);
        Assert.Equal("still here", after.Result);
    }

    [Fact]
    public async Task SampleAgent_UnknownAction_SaysNoHandlerFound()
    {
        var outcome = await sample.Worker.InvokeAsync("nope", "{}", CancellationToken.None);

        Assert.Equal(new ActionOutcome(false, null, "No handler found for action: nope"), outcome);
    }
}
