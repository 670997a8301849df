using System.Net;
using System.Net.Sockets;

namespace Par.Api.Packages.Sources.Https;

/// <summary>The real network: DNS through the system resolver (address literals as they are) and plain TCP sockets.</summary>
internal sealed class SocketDialer : INetworkDialer
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? Task.FromResult<IPAddress[]>([literal])
            : Dns.GetHostAddressesAsync(host, cancellationToken);

    public async Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
