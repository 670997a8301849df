using System.Buffers;
using System.Net.Sockets;
using System.Text;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// One keep-alive HTTP/1.1 connection to the worker's Unix socket, used by one Invoke at a time: the request goes out
/// in one write from a buffer the connection keeps, the response (status line, headers, a Content-Length body) is read
/// into the same buffer. Only what the worker's control routes send is understood; anything else fails the call.
/// </summary>
internal sealed class WorkerConnection : IDisposable
{
    /// <summary>The response's status line and headers at most (the worker sends two or three headers).</summary>
    public const int MaxHead = 16 * 1024;

    private const int InitialSize = 4096;

    /// <summary>A buffer grown past this for one large call is given back afterwards, so idle connections stay small.</summary>
    private const int KeptSize = 64 * 1024;

    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _length;

    private WorkerConnection(Socket socket) => _socket = socket;

    /// <summary>Whether a call was answered on it before (a pooled connection the worker may have closed since).</summary>
    public bool Reused { get; private set; }

    /// <summary>When it was last put back idle (Environment.TickCount64).</summary>
    public long IdleSince { get; set; }

    public static async ValueTask<WorkerConnection> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new WorkerConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts a request: the buffer is emptied and the request line written.</summary>
    public void Begin(string method, string path)
    {
        _length = 0;
        Ascii(method);
        Ascii(" /");
        Ascii(path);
        Ascii(" HTTP/1.1\r\nHost: agent-worker\r\n");
    }

    /// <summary>A header; a value a header line cannot carry (control or non-ASCII characters) is left out.</summary>
    public void Header(string name, string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return;
            }
        }

        Ascii(name);
        Ascii(": ");
        Ascii(value);
        Ascii("\r\n");
    }

    /// <summary>Ends the head with Content-Type and Content-Length and appends the body, UTF-8.</summary>
    public void Body(string contentType, string body)
    {
        var size = Encoding.UTF8.GetByteCount(body);
        Ascii("Content-Type: ");
        Ascii(contentType);
        Ascii("\r\nContent-Length: ");
        Reserve(11);
        size.TryFormat(_buffer.AsSpan(_length), out var digits);
        _length += digits;
        Ascii("\r\n\r\n");
        Reserve(size);
        _length += Encoding.UTF8.GetBytes(body, _buffer.AsSpan(_length));
    }

    /// <summary>
    /// Sends the request built so far and reads the response. Its body is valid until the next call on this
    /// connection. Throws <see cref="WorkerConnectionException"/> (with whether the call may be retried on a new
    /// connection), <see cref="SocketException"/> or <see cref="OperationCanceledException"/>; the connection is not
    /// to be used again after any exception.
    /// </summary>
    public async ValueTask<WorkerResponse> SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _socket.SendAsync(_buffer.AsMemory(0, _length), SocketFlags.None, cancellationToken);
        }
        catch (SocketException e) when (Reused)
        {
            throw new WorkerConnectionException("the worker closed the connection: " + e.Message, retryable: true, e);
        }

        var filled = 0;
        int headLength;
        while ((headLength = IndexOfHeadEnd(filled)) < 0)
        {
            if (filled >= MaxHead)
            {
                throw new WorkerConnectionException($"the worker's response head is over {MaxHead} bytes", retryable: false);
            }

            if (filled == _buffer.Length)
            {
                Grow(Math.Min(_buffer.Length * 2, MaxHead + HeadEnd.Length));
            }

            int read;
            try
            {
                read = await Receive(filled, cancellationToken);
            }
            catch (SocketException e) when (Reused && filled == 0)
            {
                throw new WorkerConnectionException("the worker closed the connection: " + e.Message, retryable: true, e);
            }

            if (read == 0)
            {
                throw filled == 0
                    ? new WorkerConnectionException("the worker closed the connection before answering", retryable: Reused)
                    : new WorkerConnectionException("the worker closed the connection mid-response", retryable: false);
            }

            filled += read;
        }

        var head = WorkerResponseHead.Parse(_buffer.AsSpan(0, headLength));
        var total = headLength + HeadEnd.Length + head.ContentLength;
        if (total > _buffer.Length)
        {
            Grow(total);
        }

        while (filled < total)
        {
            var read = await Receive(filled, cancellationToken);
            if (read == 0)
            {
                throw new WorkerConnectionException("the worker closed the connection mid-response", retryable: false);
            }

            filled += read;
        }

        Reused = true;
        var reusable = head.KeepAlive && filled == total; // bytes beyond the answer: nothing the worker should send
        return new WorkerResponse(head.Status, head.Reason, _buffer.AsMemory(total - head.ContentLength, head.ContentLength), reusable);
    }

    /// <summary>Gives back a buffer grown for one large call before the connection goes idle.</summary>
    public void Shrink()
    {
        if (_buffer.Length > KeptSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private ValueTask<int> Receive(int filled, CancellationToken cancellationToken) =>
        _socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None, cancellationToken);

    private int IndexOfHeadEnd(int filled) => filled < HeadEnd.Length ? -1 : _buffer.AsSpan(0, filled).IndexOf(HeadEnd);

    private void Ascii(string text)
    {
        Reserve(text.Length);
        _length += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Reserve(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Grow(Math.Max(_buffer.Length * 2, _length + more));
        }
    }

    private void Grow(int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan().CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
