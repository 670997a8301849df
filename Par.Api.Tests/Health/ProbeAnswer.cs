using System.Text;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Health;

/// <summary>What a probe's answer must look like on the wire, read over a raw socket (HttpClient hides the framing).</summary>
internal static class ProbeAnswer
{
    /// <summary>
    /// GET: one JSON body of known length, not a chunked stream (two sends for a few dozen bytes), uncacheable.
    /// HEAD: the same status and headers, no body.
    /// </summary>
    public static async Task AssertOneBodyAndHeadAsync(int port, string path, int status)
    {
        var (getStatus, get) = await RawHttp.SendAsync(port, "GET", path);
        var (headStatus, head) = await RawHttp.SendAsync(port, "HEAD", path);
        var (getHead, body) = Split(get);
        var (headHead, headBody) = Split(head);

        Assert.Equal(status, getStatus);
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", getHead);
        Assert.DoesNotContain("Transfer-Encoding", getHead);
        Assert.StartsWith("{\"status\":", body);
        Assert.Equal(status, headStatus);
        Assert.Contains("Content-Length: ", headHead);
        Assert.Contains("Cache-Control: no-store, no-cache\r\n", headHead);
        Assert.Equal(string.Empty, headBody);
    }

    private static (string Head, string Body) Split(string response)
    {
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (response[..(end + 2)], response[(end + 4)..]);
    }
}
