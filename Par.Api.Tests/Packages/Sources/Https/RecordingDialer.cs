using System.Collections.Concurrent;
using System.Net;
using Par.Api.Packages.Sources.Https;

namespace Par.Api.Tests.Packages.Sources.Https;

/// <summary>
/// The real dialer, recording every host resolved and every connection attempted. Names can be pointed at chosen
/// addresses (a DNS answer under the test's control), and it refuses to leave loopback whatever the guard decided,
/// so no test ever sends a packet to a metadata address.
/// </summary>
internal sealed class RecordingDialer(IReadOnlyDictionary<string, IPAddress[]>? names = null) : INetworkDialer
{
    private readonly SocketDialer _real = new();
    private readonly ConcurrentQueue<string> _resolved = new();
    private readonly ConcurrentQueue<IPEndPoint> _connects = new();

    public IReadOnlyList<string> Resolved => [.. _resolved];

    public IReadOnlyList<IPEndPoint> Connects => [.. _connects];

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        _resolved.Enqueue(host);
        return names is not null && names.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : _real.ResolveAsync(host, cancellationToken);
    }

    public Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        _connects.Enqueue(endpoint);
        return IPAddress.IsLoopback(endpoint.Address)
            ? _real.ConnectAsync(endpoint, cancellationToken)
            : throw new InvalidOperationException($"the test dialer does not leave loopback (asked for {endpoint})");
    }
}
