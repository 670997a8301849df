using Par.Api.Config;

namespace Par.Api.Tests.Infrastructure;

/// <summary>The test toolkit itself: a wait that fails says what it waited for, and the environment builder means what it says.</summary>
public sealed class ToolkitTests
{
    [Fact]
    public async Task Poll_ConditionNeverHolds_FailsNamingWhatWasAwaitedAndTheLastSeen()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => Poll.UntilAsync(() => false, TimeSpan.FromMilliseconds(100), "the moon turns blue", () => "still grey"));

        Assert.Contains("waiting until the moon turns blue", error.Message);
        Assert.Contains("last seen: still grey", error.Message);
    }

    [Fact]
    public async Task Poll_ConditionHoldsOnTheThirdAsk_ReturnsTheAnswer()
    {
        var asked = 0;

        var answer = await Poll.ForAsync(() => Task.FromResult(++asked == 3 ? asked : (int?)null), TimeSpan.FromSeconds(30), "the third ask");

        Assert.Equal(3, answer);
    }

    [Fact]
    public async Task Poll_ConditionThrows_EndsTheWaitWithThatError()
    {
        var asked = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Poll.UntilAsync(() => ++asked > 0 ? throw new InvalidOperationException("PAR exited") : false, TimeSpan.FromSeconds(30), "never"));

        Assert.Equal(1, asked);
    }

    [Fact]
    public void ParEnvironment_NullValue_LeavesTheVariableUnsetForTheLoader()
    {
        var result = ParEnvironment.For("agent-1").Package("/tmp/pkg").With(EnvNames.RestPort, "9090").With(EnvNames.RestPort, null).Load();

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(8080, result.Options!.Listeners.RestPort);
    }

    [Fact]
    public void ParEnvironment_Listening_DistinctFreePortsAndAFreshWorkDirThatTheTestOwns()
    {
        var first = ParEnvironment.Listening();
        var second = ParEnvironment.Listening();
        var chosen = ParEnvironment.Listening().WorkDirAt("/srv/operator-volume");

        Assert.Equal(4, new[] { first.RestPort, first.A2aPort, second.RestPort, second.A2aPort }.Distinct().Count());
        Assert.NotEqual(first.WorkDir, second.WorkDir);
        Assert.False(Directory.Exists(first.WorkDir));
        Assert.True(first.WorkDirIsFresh);
        Assert.False(chosen.WorkDirIsFresh);
        Assert.Equal("0", first[EnvNames.BootFailureBackoffSec]);
    }
}
