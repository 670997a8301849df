using System.Globalization;
using System.Net;
using Microsoft.Extensions.Primitives;
using Par.Api.Config;

namespace Par.Api.Surfaces;

/// <summary>
/// The request as the client made it: scheme, host and port, and the client's address chain. From a trusted proxy
/// (FORWARDED_TRUSTED_PROXIES) these come from its X-Forwarded-* headers (the nearest proxy's value: the last in a
/// list; for X-Forwarded-For, the chain from the first untrusted address on); from anyone else PAR's own view of the connection replaces whatever the headers claim.
/// </summary>
internal sealed record ForwardedRequest(string Scheme, string Host, int Port, string For)
{
    public static ForwardedRequest Of(HttpContext context, IReadOnlyList<IPNetwork> trustedProxies)
    {
        var request = context.Request;
        var peer = context.Connection.RemoteIpAddress;
        var peerText = peer is null ? null : (peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer).ToString();
        var trusted = IpNetworks.Contains(trustedProxies, peer);

        var scheme = trusted && Last(request.Headers["X-Forwarded-Proto"]) is { } proto
            && (proto.Equals("https", StringComparison.OrdinalIgnoreCase) || proto.Equals("http", StringComparison.OrdinalIgnoreCase))
            ? proto.ToLowerInvariant()
            : request.Scheme;
        var host = trusted && Last(request.Headers["X-Forwarded-Host"]) is { Length: > 0 } forwardedHost
            ? new HostString(forwardedHost)
            : request.Host;
        var port = host.Port
            ?? (trusted && int.TryParse(Last(request.Headers["X-Forwarded-Port"]), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535 ? p : (int?)null)
            ?? (trusted ? DefaultPort(scheme) : context.Connection.LocalPort);
        var chain = trusted && request.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } incoming
            ? ClientChain(incoming, peerText, trustedProxies)
            : peerText ?? string.Empty;
        return new ForwardedRequest(scheme, host.Host ?? string.Empty, port, chain);
    }

    /// <summary>
    /// The chain from the client on: walked right to left from the peer, past every address in
    /// FORWARDED_TRUSTED_PROXIES, the first untrusted one is the client (the worker takes the first entry as ASGI
    /// client). Entries to its left were written by the client itself and are dropped; an entry that is no address
    /// ends the walk at the trusted hop to its right.
    /// </summary>
    private static string ClientChain(string incoming, string? peer, IReadOnlyList<IPNetwork> trustedProxies)
    {
        List<string> entries = [.. incoming.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        if (peer is not null)
        {
            entries.Add(peer);
        }

        var start = 0;
        for (var i = entries.Count - (peer is null ? 1 : 2); i >= 0; i--)
        {
            if (!IPAddress.TryParse(entries[i], out var address))
            {
                start = i + 1;
                break;
            }

            if (!IpNetworks.Contains(trustedProxies, address))
            {
                start = i;
                break;
            }
        }

        return string.Join(", ", entries.Skip(Math.Min(start, entries.Count - 1)));
    }

    private static int DefaultPort(string scheme) => scheme == "https" ? 443 : 80;

    private static string? Last(StringValues values)
    {
        var text = values.ToString();
        if (text.Length == 0)
        {
            return null;
        }

        var comma = text.LastIndexOf(',');
        return text[(comma + 1)..].Trim();
    }
}
