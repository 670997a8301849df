using Microsoft.Extensions.Time.Testing;
using Par.Api.Lifecycle.Boot;

namespace Par.Api.Tests.Lifecycle;

/// <summary>A boot step in the boot state (what /ready shows) and its heartbeat, driven by a fake clock.</summary>
public sealed class BootStepsTests
{
    private static readonly StepProgress Twelve = new([new("collected", 12), new("installed", 0)], "Collecting numpy==1.26");

    [Fact]
    public void Heartbeat_SevenSecondStep_FiresEveryTwoSecondsWithTheLatestProgressAndStopsAtTheEnd()
    {
        var time = new FakeTimeProvider();
        var beats = new List<(StepProgress? Progress, TimeSpan Elapsed)>();
        var steps = new BootSteps(new BootState([]), time);

        using (var step = steps.Begin("pip install", (progress, elapsed) => beats.Add((progress, elapsed))))
        {
            time.Advance(TimeSpan.FromMilliseconds(1999));
            Assert.Empty(beats);
            step.Report(Twelve);
            time.Advance(TimeSpan.FromMilliseconds(1));
            for (var second = 0; second < 5; second++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }

        }

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6)], beats.Select(b => b.Elapsed));
        Assert.All(beats, b => Assert.Same(Twelve, b.Progress));
    }

    [Fact]
    public void Step_ReportedThenEnded_SnapshotShowsItOnlyWhileItRuns()
    {
        var state = new BootState([]);
        state.EnterPhase("install");
        var steps = new BootSteps(state, new FakeTimeProvider());

        var step = steps.Begin("pip install");
        var begun = state.Current.Step;
        step.Report(Twelve);
        var reported = state.Current.Step;
        step.Dispose();

        Assert.Equal(new BootStep("pip install"), begun);
        Assert.Equal(new BootStep("pip install", Twelve), reported);
        Assert.Null(state.Current.Step);
        Assert.Equal("install", state.Current.Phase);
    }

    [Fact]
    public void Step_LeftOpenWhenThePhaseCompletes_Cleared_AndALateReportDoesNotBringItBack()
    {
        var state = new BootState([]);
        state.EnterPhase("fetch");
        using var step = new BootSteps(state, new FakeTimeProvider()).Begin("download");
        step.Report(Twelve);

        state.RecordPhase("fetch", TimeSpan.FromSeconds(1));
        var afterPhase = state.Current.Step;
        state.EnterPhase("extract");
        step.Report(Twelve);

        Assert.Null(afterPhase);
        Assert.Null(state.Current.Step);
    }

    [Fact]
    public void Step_AfterReady_NotRecorded()
    {
        var state = new BootState([]);
        state.MarkReady(TimeSpan.FromSeconds(1));

        using var step = new BootSteps(state, new FakeTimeProvider()).Begin("download");

        Assert.Null(state.Current.Step);
    }
}
