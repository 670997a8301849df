using System.Net.Sockets;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// How PAR talks to the worker (par_worker): HTTP/1.1 over its Unix domain socket, the agent's ASGI app at the root
/// and PAR's control routes under /_par/ (status, invoke), which nothing from outside may reach.
/// </summary>
internal static class WorkerProtocol
{
    /// <summary>The authority used in request URIs; the socket, not DNS, decides where they go.</summary>
    public static readonly Uri Address = new("http://agent-worker/");

    /// <summary>GET: the worker's load status, answered on its event loop (the liveness probe).</summary>
    public static readonly Uri StatusUri = new(Address, "_par/status");

    /// <summary>The agent's OpenAPI document, when its ASGI app serves one.</summary>
    public static readonly Uri OpenApiUri = new(Address, "openapi.json");

    private const string ControlPrefix = "/_par";

    /// <summary>POST with a JSON object of parameters: runs one action (relative to <see cref="Address"/>).</summary>
    public static string InvokePath(string action) => "_par/invoke/" + Uri.EscapeDataString(action);

    /// <summary>A path (still percent-encoded or not) that names the worker's control routes: /_par or under /_par/.</summary>
    public static bool IsControlRoute(string path)
    {
        var decoded = "/" + Uri.UnescapeDataString(path).TrimStart('/');
        return decoded == ControlPrefix || decoded.StartsWith(ControlPrefix + "/", StringComparison.Ordinal);
    }

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
