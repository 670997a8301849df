using System.Net;
using System.Net.Security;
using Par.Api.Config;

namespace Par.Api.Packages.Sources.Https;

/// <summary>The HttpClient for package downloads: every connection through the guard, redirects left to the caller.</summary>
internal static class PackageHttpClient
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public static HttpClient Create(PackageOptions options, ConnectGuard guard)
    {
        var trust = CaBundleTrust.Load(options.CaBundlePath);
        var handler = new SocketsHttpHandler
        {
            // Redirects are followed by HttpsPackageSource, which counts them and refuses https → http.
            AllowAutoRedirect = false,
            // A proxy would connect on our behalf and so bypass the address guard.
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.DownloadTimeout < ConnectTimeout ? options.DownloadTimeout : ConnectTimeout,
            ConnectCallback = guard.ConnectAsync,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = trust.Validate },
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("par/" + RuntimeVersion.Value);
        return client;
    }
}
