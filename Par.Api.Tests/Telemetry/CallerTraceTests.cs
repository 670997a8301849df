using Microsoft.AspNetCore.Http;
using Par.Api.Telemetry;

namespace Par.Api.Tests.Telemetry;

/// <summary>What <see cref="CallerTrace"/> keeps of a request's headers for the worker (no tracer listening).</summary>
public sealed class CallerTraceTests
{
    private const string Parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public async Task WellFormedTraceparent_KeptWithItsTracestate_ForThatCallOnly()
    {
        var kept = await KeptFrom(new HeaderDictionary { ["traceparent"] = Parent, ["tracestate"] = "vendor=abc" });

        Assert.Equal(new CallerTrace.Context(Parent, "vendor=abc"), kept);
        Assert.Null(CallerTrace.Current);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-traceparent")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")]
    public async Task MissingOrMalformedTraceparent_KeepsNothing(string? traceparent)
    {
        var headers = new HeaderDictionary();
        if (traceparent is not null)
        {
            headers["traceparent"] = traceparent;
        }

        Assert.Null(await KeptFrom(headers));
    }

    [Fact]
    public async Task TwoTraceparents_KeepNothing()
    {
        Assert.Null(await KeptFrom(new HeaderDictionary { ["traceparent"] = new([Parent, Parent]) }));
    }

    /// <summary>What a call served with <paramref name="headers"/> sees, in an execution context of its own.</summary>
    private static Task<CallerTrace.Context?> KeptFrom(HeaderDictionary headers) => Task.Run(() =>
    {
        CallerTrace.Capture(headers);
        return CallerTrace.Current;
    });
}
