using System.Net;
using System.Net.Sockets;

namespace Par.Api.Tests.Infrastructure;

/// <summary>Free loopback ports, handed out once per test run so parallel tests never collide.</summary>
internal static class TestPorts
{
    private static readonly HashSet<int> Given = [];

    /// <summary>Whether something accepts a TCP connection on the loopback port now.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int Next()
    {
        lock (Given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
