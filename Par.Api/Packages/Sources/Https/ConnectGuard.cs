using System.Net;
using System.Net.Sockets;
using Par.Api.Config;
using Par.Api.Packages.Download;

namespace Par.Api.Packages.Sources.Https;

/// <summary>
/// The SSRF guard, as the HTTP handler's connect step: it resolves the host itself, checks every address it got, and
/// connects only to an address it checked. Every hop and redirect passes here, and a DNS answer that changes between
/// a check and the connection (rebinding) cannot slip through, because the check and the connect use the same address.
/// </summary>
internal sealed class ConnectGuard(INetworkDialer dialer, ParOptions options)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await dialer.ResolveAsync(host, cancellationToken);
        foreach (var address in addresses)
        {
            if (AddressPolicy.Refusal(address, options.Package.AllowPrivateAddresses) is { } reason)
            {
                throw PackageFetchException.Permanent($"refused to connect to {host} ({address}): {reason}");
            }
        }

        if (addresses.Length == 0)
        {
            throw PackageFetchException.Retryable($"{host} resolved to no address");
        }

        return await ConnectToFirstAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
    }

    /// <summary>Tries the checked addresses in the resolver's order; the last one's error is the one reported.</summary>
    private async Task<Stream> ConnectToFirstAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await dialer.ConnectAsync(new IPEndPoint(addresses[i], port), cancellationToken);
            }
            catch (SocketException) when (i < addresses.Length - 1)
            {
            }
        }
    }
}
