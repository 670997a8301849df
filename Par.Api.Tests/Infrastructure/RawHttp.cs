using System.Net.Sockets;
using System.Text;

namespace Par.Api.Tests.Infrastructure;

/// <summary>
/// Sends a request exactly as written (HttpClient would normalise "..", "%2e%2e" and friends away, and always sends a
/// Host), for path-traversal, HEAD and Host-header tests.
/// </summary>
internal static class RawHttp
{
    public static Task<(int Status, string Response)> GetAsync(int port, string rawPath) => SendAsync(port, "GET", rawPath);

    /// <summary>One request on a fresh connection: Host is 127.0.0.1:PORT unless given ("" sends an empty one); none with <paramref name="omitHost"/>.</summary>
    public static async Task<(int Status, string Response)> SendAsync(
        int port, string method, string rawPath, string? host = null, string version = "HTTP/1.1", bool omitHost = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var hostLine = omitHost ? string.Empty : $"Host: {host ?? $"127.0.0.1:{port}"}\r\n";
        var request = $"{method} {rawPath} {version}\r\n{hostLine}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }
}
