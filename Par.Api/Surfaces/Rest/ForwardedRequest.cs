using System.Globalization;
using System.Net;
using Microsoft.Extensions.Primitives;
using Par.Api.Config;

namespace Par.Api.Surfaces.Rest;

/// <summary>
/// The request as the client made it: scheme, host and port, and the client's address chain. From a trusted proxy
/// (FORWARDED_TRUSTED_PROXIES) these come from its X-Forwarded-* headers (the nearest proxy's value: the last in a
/// list); from anyone else PAR's own view of the connection replaces whatever the headers claim.
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
            ? peerText is null ? incoming : $"{incoming}, {peerText}"
            : peerText ?? string.Empty;
        return new ForwardedRequest(scheme, host.Host ?? string.Empty, port, chain);
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
