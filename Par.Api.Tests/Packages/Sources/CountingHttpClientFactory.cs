using Amazon.Runtime;

namespace Par.Api.Tests.Packages.Sources;

/// <summary>The AWS SDK's HTTP seam, counting every request that reaches the network.</summary>
internal sealed class CountingHttpClientFactory : HttpClientFactory
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new CountingHandler(this));

    private sealed class CountingHandler(CountingHttpClientFactory owner) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
