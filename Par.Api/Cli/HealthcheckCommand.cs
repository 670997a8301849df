using System.Net;
using System.Net.Sockets;
using System.Text;
using Par.Api.Config;

namespace Par.Api.Cli;

/// <summary>
/// The container HEALTHCHECK probe: GET http://127.0.0.1:$REST_PORT/health, exit 0 on 200, else 1. It runs every
/// 30 s in every container, so it is one blocking socket exchange (HTTP/1.0, the server closes after the answer)
/// rather than an HttpClient: no handler pipeline, connection pool or thread-pool work to start for one request.
/// </summary>
internal static class HealthcheckCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private const int MaxAnswer = 64 * 1024;

    public static int Run(EnvSnapshot env, TextWriter stderr)
    {
        var port = EnvValues.Port(env.Effective(EnvNames.RestPort)) ?? 8080;
        try
        {
            var (status, body) = Get(port);
            if (status == 200)
            {
                return 0;
            }

            stderr.WriteLine(status is null ? $"/health on port {port} gave no HTTP answer: {body}" : $"/health answered {status}: {body}");
            return 1;
        }
        catch (SocketException e)
        {
            stderr.WriteLine($"/health did not answer on port {port}: {e.Message}");
            return 1;
        }
    }

    /// <summary>The status code (null when the answer is not HTTP) and the body text.</summary>
    private static (int? Status, string Body) Get(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            SendTimeout = (int)Timeout.TotalMilliseconds,
            ReceiveTimeout = (int)Timeout.TotalMilliseconds,
        };
        var connect = socket.BeginConnect(new IPEndPoint(IPAddress.Loopback, port), null, null);
        if (!connect.AsyncWaitHandle.WaitOne(Timeout))
        {
            throw new SocketException((int)SocketError.TimedOut);
        }

        socket.EndConnect(connect);
        socket.Send("GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: par-healthcheck\r\n\r\n"u8);
        var answer = Read(socket);
        var head = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var statusLine = answer.Split("\r\n", 2)[0].Split(' ');
        var body = head < 0 ? answer : answer[(head + 4)..];
        return statusLine is [['H', 'T', 'T', 'P', '/', ..], var code, ..] && int.TryParse(code, out var status)
            ? (status, body)
            : (null, answer.Length == 0 ? "the connection closed without an answer" : Truncate(answer));
    }

    private static string Read(Socket socket)
    {
        var buffer = new byte[MaxAnswer];
        var length = 0;
        while (length < buffer.Length && socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None) is var read and > 0)
        {
            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
