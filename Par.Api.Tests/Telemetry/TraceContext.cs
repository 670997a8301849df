namespace Par.Api.Tests.Telemetry;

/// <summary>A W3C traceparent: version-traceid-parentid-flags.</summary>
internal sealed record TraceContext(string TraceId, string ParentId)
{
    public static TraceContext New() =>
        new(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..16]);

    public string Header => $"00-{TraceId}-{ParentId}-01";

    public static TraceContext Parse(string header)
    {
        var parts = header.Split('-');
        Assert.True(parts.Length == 4 && parts[0] == "00" && parts[1].Length == 32 && parts[2].Length == 16, $"not a traceparent: '{header}'");
        return new TraceContext(parts[1], parts[2]);
    }
}
