using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Par.Api.A2a.Protocol;

namespace Par.Api.Surfaces.Grpc;

/// <summary>
/// The A2A listener's self-check: one unary Ping over cleartext HTTP/2, written frame by frame (RFC 9113) on a plain
/// socket. Grpc.Net.Client does this in one line, but its first call costs ~0.1 s of JIT on the two busy cores of a
/// cold start, for a client the runtime never uses again. The check needs few frames and no header decoding: a DATA
/// frame holding a Pong that says "pong" can only come from the service.
/// </summary>
internal static class GrpcPingCheck
{
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, GoAway = 0x7;
    private const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4, Padded = 0x8;
    private const int FrameHeaderLength = 9;
    private const int DefaultMaxFrameSize = 16_384;
    private const int StreamId = 1;
    private const int GrpcPrefixLength = 5;
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>Completes when Ping answered "pong"; throws <see cref="InvalidOperationException"/> with what went wrong.</summary>
    public static Task RunAsync(int port, CancellationToken cancellationToken) =>
        RunAsync(port, $"127.0.0.1:{port}", cancellationToken);

    /// <summary>The same with a given :authority; null sends none (as HTTP/2 allows), which must not matter to routing.</summary>
    public static async Task RunAsync(int port, string? authority, CancellationToken cancellationToken)
    {
        try
        {
            await PingAsync(port, authority, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            throw new InvalidOperationException($"Ping failed: {e.Message}", e);
        }
    }

    private static async Task PingAsync(int port, string? authority, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Request(authority), cancellationToken);

        var header = new byte[FrameHeaderLength];
        using var message = new MemoryStream();
        while (true)
        {
            await stream.ReadExactlyAsync(header, cancellationToken);
            var length = header[0] << 16 | header[1] << 8 | header[2];
            if (length > DefaultMaxFrameSize)
            {
                // Our SETTINGS keep the default, so a longer frame means the peer is not speaking HTTP/2 at all.
                throw new InvalidOperationException("the A2A listener did not answer in HTTP/2");
            }

            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload, cancellationToken);
            var (type, flags) = (header[3], header[4]);
            var stream1 = (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & int.MaxValue) == StreamId;
            switch (type)
            {
                case Settings when (flags & Ack) == 0:
                    await stream.WriteAsync(Frame(Settings, Ack, 0, []), cancellationToken);
                    break;
                case Data when stream1:
                    message.Write(Unpadded(payload, flags));
                    if (CompletePong(message.ToArray()) is { } pong)
                    {
                        Expect(pong);
                        return;
                    }

                    break;
                case Headers when stream1 && (flags & EndStream) != 0:
                    throw new InvalidOperationException("Ping ended without a reply message (a gRPC error status)");
                case RstStream when stream1:
                    throw new InvalidOperationException($"Ping was reset (HTTP/2 error {ErrorCode(payload, 0)})");
                case GoAway:
                    throw new InvalidOperationException($"the A2A listener closed the connection (HTTP/2 GOAWAY, error {ErrorCode(payload, 4)})");
            }
        }
    }

    private static void Expect(Pong pong)
    {
        if (pong.Message != "pong")
        {
            throw new InvalidOperationException($"Ping answered '{pong.Message}'");
        }
    }

    /// <summary>The Pong once the gRPC message is complete (5-byte prefix: compressed flag, big-endian length); null before.</summary>
    private static Pong? CompletePong(byte[] bytes)
    {
        if (bytes.Length < GrpcPrefixLength)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1));
        return bytes.Length < GrpcPrefixLength + length ? null : Pong.Parser.ParseFrom(bytes, GrpcPrefixLength, length);
    }

    /// <summary>Preface, SETTINGS (defaults), HEADERS of POST /pixell.agent.AgentService/Ping, DATA with an empty message.</summary>
    private static byte[] Request(string? authority)
    {
        var fields = new MemoryStream();
        (string Name, string Value)[] headers = [(":method", "POST"), (":scheme", "http"), (":path", "/pixell.agent.AgentService/Ping")];
        if (authority is not null)
        {
            headers = [.. headers, (":authority", authority)];
        }

        foreach (var (name, value) in (IEnumerable<(string, string)>)[.. headers, ("content-type", "application/grpc"), ("te", "trailers")])
        {
            // HPACK literal field without indexing, new name (RFC 7541 §6.2.2); every string here is under 127 bytes.
            fields.WriteByte(0);
            fields.WriteByte((byte)name.Length);
            fields.Write(Encoding.ASCII.GetBytes(name));
            fields.WriteByte((byte)value.Length);
            fields.Write(Encoding.ASCII.GetBytes(value));
        }

        return [.. Preface, .. Frame(Settings, 0, 0, []), .. Frame(Headers, EndHeaders, StreamId, fields.ToArray()),
            .. Frame(Data, EndStream, StreamId, new byte[GrpcPrefixLength])];
    }

    private static byte[] Frame(byte type, byte flags, int streamId, byte[] payload)
    {
        var frame = new byte[FrameHeaderLength + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame, FrameHeaderLength);
        return frame;
    }

    private static ReadOnlySpan<byte> Unpadded(byte[] payload, byte flags) =>
        (flags & Padded) == 0 ? payload : payload.AsSpan(1, payload.Length - 1 - payload[0]);

    private static uint ErrorCode(byte[] payload, int offset) =>
        payload.Length >= offset + 4 ? BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(offset)) : 0;
}
