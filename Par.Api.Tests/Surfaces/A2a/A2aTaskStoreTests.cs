using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Par.Api.Config;
using Par.Api.Surfaces.A2a;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.A2a;

/// <summary>The task store's age bound (A2A_TASK_TTL_SEC) on a fake clock: a finished task is forgotten after it, a running one never.</summary>
public sealed class A2aTaskStoreTests
{
    [Fact]
    public void FinishedTask_ForgottenAfterTheTtl_RunningTaskKept()
    {
        using var dir = new TempDirectory();
        var options = ParEnvironment.ForPhase(dir.Path).With(EnvNames.A2aTaskTtlSec, "60").Options();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new A2aTaskStore(options, clock, NullLogger<A2aTaskStore>.Instance);
        var finished = Task("done", clock);
        var running = Task("running", clock);
        Assert.True(store.TryAdd(finished));
        Assert.True(store.TryAdd(running));
        finished.TryMove(A2aTaskState.Completed, null, clock.GetUtcNow());
        running.TryMove(A2aTaskState.Working, null, clock.GetUtcNow());

        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Same(finished, store.Find("done"));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(store.Find("done"));
        Assert.Same(running, store.Find("running"));
        Assert.Equal(["running"], store.All().Select(t => t.Id));
    }

    [Fact]
    public void TerminalTask_IgnoresLaterChanges()
    {
        var clock = new FakeTimeProvider();
        var task = Task("t", clock);
        Assert.True(task.TryMove(A2aTaskState.Canceled, null, clock.GetUtcNow()));

        Assert.False(task.TryMove(A2aTaskState.Completed, null, clock.GetUtcNow()));
        Assert.False(task.TryAddArtifact(new JsonObject { ["artifactId"] = "a", ["parts"] = new JsonArray() }));
        Assert.Equal("TASK_STATE_CANCELED", task.Snapshot()["status"]!["state"]!.GetValue<string>());
        Assert.Empty(task.Snapshot()["artifacts"]!.AsArray());
        Assert.True(task.Finished.IsCompleted);
    }

    private static A2aTask Task(string id, TimeProvider clock) =>
        new(id, "ctx", new JsonObject { ["messageId"] = "m", ["role"] = "ROLE_USER", ["parts"] = new JsonArray() }, clock.GetUtcNow());
}
