using System.Net;

namespace Par.Api.Packages.Sources.Https;

/// <summary>
/// The two network steps of a download connection, behind one seam: resolving a host and connecting to one checked
/// address. Tests replace it to see whether a connection was ever attempted.
/// </summary>
internal interface INetworkDialer
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);

    Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken);
}
