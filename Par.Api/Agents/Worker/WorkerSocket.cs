using System.Net.Sockets;

namespace Par.Api.Agents.Worker;

/// <summary>An HttpClient pipeline whose connections go to the worker's Unix domain socket.</summary>
internal static class WorkerSocket
{
    /// <summary>The authority used in request URIs; the socket, not DNS, decides where they go.</summary>
    public static readonly Uri BaseAddress = new("http://agent-worker/");

    public static SocketsHttpHandler CreateHandler(string socketPath) => new()
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        MaxConnectionsPerServer = 256,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
