using System.Net.Sockets;
using System.Text;

namespace Par.Api.Tests.Infrastructure;

/// <summary>
/// Sends a request line exactly as written (HttpClient would normalise "..", "%2e%2e" and friends away),
/// for path-traversal tests.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Response)> GetAsync(int port, string rawPath)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var request = $"GET {rawPath} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }
}
