using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>
/// A stand-in for the worker's Unix socket: it accepts connections (and counts them), reads each request (head and a
/// Content-Length body) and answers what <c>answer</c> returns for the n-th request overall: the bytes to send, and
/// whether to close the connection after them. A null answer sends nothing and holds the connection until the client
/// closes it (recorded in <see cref="ClosedByClient"/>).
/// </summary>
internal sealed class ScriptedWorkerSocket : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly Func<int, (byte[] Bytes, bool Close)?> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests;
    private int _accepted;

    public ScriptedWorkerSocket(string path, Func<int, (byte[] Bytes, bool Close)?> answer)
    {
        Path = path;
        _answer = answer;
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(16);
        _accepting = AcceptAsync();
    }

    public string Path { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Each request as received: its head and body text.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Completes when the client closed a connection that was held without an answer.</summary>
    public TaskCompletionSource ClosedByClient { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A worker answer: 200 with the JSON body, keep-alive.</summary>
    public static (byte[], bool)? Ok(string json) => (Encoding.UTF8.GetBytes(
        $"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}"), false);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                connections.Add(ServeAsync(socket));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                int headEnd;
                while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    var read = await socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
                var length = int.Parse(head.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))[15..]);
                var total = headEnd + 4 + length;
                while (filled < total)
                {
                    filled += await socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                }

                Requests.Enqueue(head + "\r\n\r\n" + Encoding.UTF8.GetString(buffer, headEnd + 4, length));
                buffer.AsSpan(total, filled - total).CopyTo(buffer);
                filled -= total;
                if (_answer(Interlocked.Increment(ref _requests)) is not { } answer)
                {
                    while (await socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token) > 0)
                    {
                    }

                    ClosedByClient.TrySetResult();
                    return;
                }

                await socket.SendAsync(answer.Bytes, _stop.Token);
                if (answer.Close)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
        }
    }
}
