using System.Net.Sockets;

namespace Par.Api.Agents.Worker;

/// <summary>An HttpClient pipeline whose connections go to the worker's Unix domain socket.</summary>
internal static class WorkerSocket
{
    /// <summary>The authority used in request URIs; the socket, not DNS, decides where they go.</summary>
    public static readonly Uri BaseAddress = new("http://agent-worker/");

    /// <summary>The pool REST forwarding and Invoke share: up to 256 calls (slow ones, SSE streams) at once.</summary>
    public static SocketsHttpHandler CreateHandler(string socketPath) => CreateHandler(socketPath, 256, TimeSpan.FromMinutes(2));

    /// <summary>
    /// The liveness probe's own connection, kept open between probes: a pool full of agent calls cannot make the probe
    /// wait, so a busy worker is not taken for a hung one (SPEC §5).
    /// </summary>
    public static SocketsHttpHandler CreateProbeHandler(string socketPath) => CreateHandler(socketPath, 1, Timeout.InfiniteTimeSpan);

    private static SocketsHttpHandler CreateHandler(string socketPath, int connections, TimeSpan idleTimeout) => new()
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        MaxConnectionsPerServer = connections,
        PooledConnectionIdleTimeout = idleTimeout,
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
