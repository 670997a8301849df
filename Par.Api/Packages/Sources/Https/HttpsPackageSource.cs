using System.Net;
using Par.Api.Config;
using Par.Api.Packages.Download;

namespace Par.Api.Packages.Sources.Https;

/// <summary>
/// https:// packages, streamed (response headers first, the body read by the download guard). Redirects are followed
/// here: at most five, https to https only, and each hop connects through the same address guard.
/// </summary>
internal sealed class HttpsPackageSource(ParOptions options, ConnectGuard guard, ILogger<HttpsPackageSource> logger)
    : IPackageSource, IDisposable
{
    public const int MaxRedirects = 5;

    private readonly Lazy<HttpClient> _client = new(() => PackageHttpClient.Create(options.Package, guard));

    public PackageScheme Scheme => PackageScheme.Https;

    public async Task<PackageStream> OpenAsync(PackageLocation location, CancellationToken cancellationToken)
    {
        var url = location.Url!;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            var response = await _client.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return await BodyAsync(response, cancellationToken);
            }

            using (response)
            {
                url = IsRedirect(response.StatusCode) ? NextHop(url, response, redirects + 1) : throw StatusFailure(response);
            }
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private static async Task<PackageStream> BodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new PackageStream(body, response.Content.Headers.ContentLength, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private Uri NextHop(Uri current, HttpResponseMessage response, int redirect)
    {
        var status = (int)response.StatusCode;
        if (response.Headers.Location is not { } location)
        {
            throw PackageFetchException.Permanent($"HTTP {status} redirect without a Location header");
        }

        var next = new Uri(current, location);
        if (redirect > MaxRedirects)
        {
            throw PackageFetchException.Permanent($"more than {MaxRedirects} redirects (the last one to {Redaction.Url(next.AbsoluteUri)})");
        }

        if (next.Scheme != Uri.UriSchemeHttps)
        {
            throw PackageFetchException.Permanent($"redirect to {Redaction.Url(next.AbsoluteUri)} refused: only https:// redirects are followed");
        }

        PackageLog.Redirected(logger, redirect, MaxRedirects, status, Redaction.Url(next.AbsoluteUri));
        return next;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>Server errors, 408 and 429 may pass; any other status (403, 404...) will not change by asking again.</summary>
    private static PackageFetchException StatusFailure(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var transient = status >= 500 || status is 408 or 429;
        return new PackageFetchException($"HTTP {status} {response.ReasonPhrase}".TrimEnd(), transient);
    }
}
