using System.Text;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>A response read by <see cref="WorkerConnection.SendAsync"/>; <see cref="Body"/> lives in the connection's buffer.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Reason">The reason phrase the worker sent.</param>
/// <param name="Body">Content-Length bytes.</param>
/// <param name="Reusable">Keep-alive, and nothing beyond the answer arrived: the connection can serve the next call.</param>
internal readonly record struct WorkerResponse(int Status, string Reason, ReadOnlyMemory<byte> Body, bool Reusable);

/// <summary>
/// The status line and headers of a worker response, as the worker's control routes send them: HTTP/1.x, a
/// Content-Length body (never chunked), keep-alive unless <c>Connection: close</c> or HTTP/1.0.
/// </summary>
internal readonly record struct WorkerResponseHead(int Status, string Reason, int ContentLength, bool KeepAlive)
{
    /// <summary>The head without its final blank line; throws <see cref="WorkerConnectionException"/> when malformed.</summary>
    public static WorkerResponseHead Parse(ReadOnlySpan<byte> head)
    {
        var end = head.IndexOf("\r\n"u8);
        var statusLine = end < 0 ? head : head[..end];
        // "HTTP/1.1 200 OK": the version, a space, three digits, then a space and the reason (or nothing).
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !IsDigits(statusLine.Slice(9, 3)) || (statusLine.Length > 12 && statusLine[12] != (byte)' '))
        {
            throw Malformed("status line");
        }

        var status = (statusLine[9] - '0') * 100 + (statusLine[10] - '0') * 10 + (statusLine[11] - '0');
        var reason = statusLine.Length > 13 ? Encoding.Latin1.GetString(statusLine[13..]) : string.Empty;
        var keepAlive = statusLine[7] != (byte)'0';
        var length = -1;
        var rest = end < 0 ? [] : head[(end + 2)..];
        while (!rest.IsEmpty)
        {
            var lineEnd = rest.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? rest : rest[..lineEnd];
            rest = lineEnd < 0 ? [] : rest[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw Malformed("header line");
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (length >= 0 || !IsDigits(value) || value.Length > 9)
                {
                    throw Malformed("Content-Length");
                }

                length = int.Parse(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                throw Malformed("Transfer-Encoding (the worker's answers have a Content-Length)");
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8) && Ascii.EqualsIgnoreCase(value, "close"u8))
            {
                keepAlive = false;
            }
        }

        return length < 0 ? throw Malformed("head: no Content-Length") : new WorkerResponseHead(status, reason, length, keepAlive);
    }

    private static bool IsDigits(ReadOnlySpan<byte> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange((byte)'0', (byte)'9');

    private static WorkerConnectionException Malformed(string part) => new($"the worker sent a malformed response {part}", retryable: false);
}
