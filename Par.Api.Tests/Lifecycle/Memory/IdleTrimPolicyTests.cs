using Par.Api.Lifecycle.Memory;

namespace Par.Api.Tests.Lifecycle.Memory;

public sealed class IdleTrimPolicyTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void FirstLook_NeverTrims_ItHasNoRateYet()
    {
        var policy = new IdleTrimPolicy();

        Assert.False(policy.ShouldTrim(allocatedBytes: 500 * MiB));
    }

    [Fact]
    public void QuietAfterActivity_Trims()
    {
        var policy = new IdleTrimPolicy();
        policy.ShouldTrim(100 * MiB);

        Assert.True(policy.ShouldTrim(100 * MiB + 64 * 1024));
    }

    [Fact]
    public void StillAllocating_WaitsForTheBurstToEnd()
    {
        var policy = new IdleTrimPolicy();
        policy.ShouldTrim(100 * MiB);

        Assert.False(policy.ShouldTrim(100 * MiB + IdleTrimPolicy.QuietBytes));
        Assert.True(policy.ShouldTrim(100 * MiB + IdleTrimPolicy.QuietBytes + 1));
    }

    [Fact]
    public void AfterATrim_OnlyAsMuchActivityAgainTrimsAgain()
    {
        var policy = new IdleTrimPolicy();
        policy.ShouldTrim(100 * MiB);
        Assert.True(policy.ShouldTrim(100 * MiB));
        policy.Trimmed(100 * MiB);

        // probes and scrapes, a quiet second at a time, until they add up to a burst's worth
        var allocated = 100 * MiB;
        for (var second = 0; allocated + IdleTrimPolicy.QuietBytes / 2 < 100 * MiB + IdleTrimPolicy.ActivityBytes; second++)
        {
            allocated += IdleTrimPolicy.QuietBytes / 2;
            Assert.False(policy.ShouldTrim(allocated), $"second {second}");
        }

        Assert.True(policy.ShouldTrim(allocated + IdleTrimPolicy.QuietBytes / 2));
    }
}
