using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

// Usage: UdsLoad SOCKET METHOD PATH CONNECTIONS SECONDS [BODY]
// Keep-alive HTTP/1.1 requests over CONNECTIONS connections (one thread each, closed loop) for SECONDS after a 1 s
// warm-up; prints one JSON object: requests, rps, p50Us, p90Us, p99Us, errors. Responses must carry Content-Length.
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: UdsLoad SOCKET METHOD PATH CONNECTIONS SECONDS [BODY]");
    return 64;
}

var socketPath = args[0];
var body = args.Length > 5 ? Encoding.UTF8.GetBytes(args[5]) : [];
var head = $"{args[1]} {args[2]} HTTP/1.1\r\nHost: agent-worker\r\n"
    + (body.Length > 0 ? $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n" : string.Empty) + "\r\n";
var request = Encoding.ASCII.GetBytes(head).Concat(body).ToArray();
var connections = int.Parse(args[3], CultureInfo.InvariantCulture);
var measured = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));
var warmUp = TimeSpan.FromSeconds(1);

var start = Stopwatch.GetTimestamp();
var results = new List<long>[connections];
var errors = 0;
var threads = Enumerable.Range(0, connections).Select(i => new Thread(() =>
{
    var samples = results[i] = new List<long>(200_000);
    try
    {
        Run(samples);
    }
    catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
    {
        Interlocked.Increment(ref errors);
    }
})).ToList();
threads.ForEach(t => t.Start());
threads.ForEach(t => t.Join());

var all = results.SelectMany(r => r).Order().ToArray();
double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1_000_000.0 / Stopwatch.Frequency;
Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
{
    ["requests"] = all.Length,
    ["rps"] = Math.Round(all.Length / measured.TotalSeconds, 1),
    ["p50Us"] = Math.Round(Percentile(0.50), 1),
    ["p90Us"] = Math.Round(Percentile(0.90), 1),
    ["p99Us"] = Math.Round(Percentile(0.99), 1),
    ["errors"] = errors,
}));
return errors == 0 && all.Length > 0 ? 0 : 1;

void Run(List<long> samples)
{
    using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    socket.Connect(new UnixDomainSocketEndPoint(socketPath));
    var buffer = new byte[64 * 1024];
    while (true)
    {
        var sent = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(start, sent);
        if (elapsed >= warmUp + measured)
        {
            return;
        }

        socket.Send(request);
        ReadResponse(socket, buffer);
        if (elapsed >= warmUp)
        {
            samples.Add(Stopwatch.GetTimestamp() - sent);
        }
    }
}

static void ReadResponse(Socket socket, byte[] buffer)
{
    var filled = 0;
    int headEnd;
    while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
    {
        filled += Receive(socket, buffer, filled);
    }

    var headText = Encoding.ASCII.GetString(buffer, 0, headEnd);
    if (!headText.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
    {
        throw new InvalidDataException(headText.Split('\r')[0]);
    }

    var lengthLine = headText.Split("\r\n").FirstOrDefault(l => l.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidDataException("no Content-Length");
    var total = headEnd + 4 + int.Parse(lengthLine.AsSpan(15).Trim(), CultureInfo.InvariantCulture);
    while (filled < total)
    {
        filled += Receive(socket, buffer, filled);
    }
}

static int Receive(Socket socket, byte[] buffer, int offset)
{
    var read = socket.Receive(buffer, offset, buffer.Length - offset, SocketFlags.None);
    return read > 0 ? read : throw new IOException("the server closed the connection");
}
