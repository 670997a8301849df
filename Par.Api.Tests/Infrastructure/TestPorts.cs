using System.Net;
using System.Net.Sockets;

namespace Par.Api.Tests.Infrastructure;

/// <summary>Free loopback ports, handed out once per test run so parallel tests never collide.</summary>
internal static class TestPorts
{
    private static readonly HashSet<int> Given = [];

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
