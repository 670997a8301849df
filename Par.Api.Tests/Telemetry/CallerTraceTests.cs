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
        CallerTrace.Context? kept = null;
        await Task.Run(() =>
        {
            CallerTrace.Capture(new HeaderDictionary { ["traceparent"] = Parent, ["tracestate"] = "vendor=abc" });
            kept = CallerTrace.Current;
        });

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

        var kept = await Task.Run(() =>
        {
            CallerTrace.Capture(headers);
            return CallerTrace.Current;
        });

        Assert.Null(kept);
    }

    [Fact]
    public async Task TwoTraceparents_KeepNothing()
    {
        var kept = await Task.Run(() =>
        {
            CallerTrace.Capture(new HeaderDictionary { ["traceparent"] = new([Parent, Parent]) });
            return CallerTrace.Current;
        });

        Assert.Null(kept);
    }
}
