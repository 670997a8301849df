using Par.Api.Config;

namespace Par.Api.Surfaces.A2a;

/// <summary>
/// Where clients reach BASE: PUBLIC_URL, else what a trusted proxy (FORWARDED_TRUSTED_PROXIES) says in
/// X-Forwarded-Proto/-Host/-Port/-Prefix, else the request itself. No trailing slash.
/// </summary>
internal static class A2aPublicUrl
{
    public static string Of(HttpContext context, ListenerOptions listeners)
    {
        if (listeners.PublicUrl is { } configured)
        {
            return configured;
        }

        var request = ForwardedRequest.Of(context, listeners.TrustedProxies);
        var trusted = Config.IpNetworks.Contains(listeners.TrustedProxies, context.Connection.RemoteIpAddress);
        var prefix = trusted ? Prefix(context.Request.Headers["X-Forwarded-Prefix"].ToString()) : string.Empty;
        var defaultPort = request.Scheme == "https" ? 443 : 80;
        var host = request.Host.Contains(':') && !request.Host.StartsWith('[') ? $"[{request.Host}]" : request.Host;
        var authority = request.Port == defaultPort ? host : $"{host}:{request.Port}";
        var basePath = listeners.BasePath == "/" ? string.Empty : listeners.BasePath;
        return $"{request.Scheme}://{authority}{prefix}{basePath}";
    }

    /// <summary>The nearest proxy's prefix ("/x" form); one that is no plain path is ignored.</summary>
    private static string Prefix(string header)
    {
        var last = header.Split(',').LastOrDefault()?.Trim().TrimEnd('/') ?? string.Empty;
        return last.Length > 0 && last[0] == '/' && !last.Contains("//", StringComparison.Ordinal)
            && last.All(c => c is > ' ' and < '\u007f' and not ('?' or '#' or '\\'))
            ? last
            : string.Empty;
    }
}
