using System.Text;
using Par.Api.Logging;

namespace Par.Api.Tests.Logging;

/// <summary>The per-thread buffers of log lines: reused, never shared by a nested line, dropped once oversized.</summary>
public sealed class ThreadReusedTests
{
    [Fact]
    public void Take_NestedOnTheSameThread_GetsItsOwnAndTheOuterOneIsReusedAfter()
    {
        var outer = ThreadReused<Marker>.Take(static () => new Marker());
        var nested = ThreadReused<Marker>.Take(static () => new Marker());
        ThreadReused<Marker>.Return(nested, oversized: false);
        ThreadReused<Marker>.Return(outer, oversized: false);

        var next = ThreadReused<Marker>.Take(static () => new Marker());
        ThreadReused<Marker>.Return(next, oversized: false);

        Assert.NotSame(outer, nested);
        Assert.Same(outer, next);
    }

    [Fact]
    public void Return_Oversized_TheNextTakeGetsANewOne()
    {
        var first = ThreadReused<StringBuilder>.Take(static () => new StringBuilder());
        ThreadReused<StringBuilder>.Return(first, oversized: true);

        var second = ThreadReused<StringBuilder>.Take(static () => new StringBuilder());
        ThreadReused<StringBuilder>.Return(second, oversized: false);

        Assert.NotSame(first, second);
    }

    private sealed class Marker;
}
