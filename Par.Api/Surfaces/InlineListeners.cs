using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using Par.Api.Config;

namespace Par.Api.Surfaces;

/// <summary>
/// The HTTP/1.1 listeners (REST and UI) process a connection's requests on the thread that read them from the socket
/// (Kestrel's <see cref="SocketTransportOptions.UnsafePreferInlineScheduling"/>) instead of after one more hop through
/// the thread pool. With inline socket completions (Lifecycle/SocketCompletions) that thread is the epoll thread: a
/// REST call to the agent then costs ~40% less of PAR's CPU and answers 1.45-1.7x as many requests (issue 21,
/// bench/notes.md). "Unsafe" because code that blocks would stall that thread's other sockets; nothing on PAR's request
/// path blocks (no sync-over-async, synchronous I/O is off, log lines are appended to a buffer a timer writes: Logging/LogOutput).
/// The gRPC listener keeps Kestrel's dispatch: one HTTP/2 connection carries many streams, and there the hop measured
/// cheaper than reading them all on one thread (+15% CPU per Invoke inline).
/// Kestrel asks the transports registered last first; this one takes only the IP endpoints that are not A2A_PORT and
/// leaves the rest (the A2A port) to the default socket transport.
/// </summary>
internal sealed class InlineListeners(ParOptions options, ILoggerFactory loggers) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly SocketTransportFactory _inline = new(Options.Create(new SocketTransportOptions { UnsafePreferInlineScheduling = true }), loggers);

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint ip && ip.Port != options.Listeners.A2aPort;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        _inline.BindAsync(endpoint, cancellationToken);
}
