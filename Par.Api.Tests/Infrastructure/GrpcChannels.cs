using Grpc.Net.Client;

namespace Par.Api.Tests.Infrastructure;

/// <summary>gRPC channels to the runtime's A2A listener, optionally through a path prefix as an ALB keeps it.</summary>
internal static class GrpcChannels
{
    public static GrpcChannel For(string address, string? pathPrefix = null)
    {
        HttpMessageHandler handler = new SocketsHttpHandler();
        if (pathPrefix is not null)
        {
            handler = new PrefixHandler(pathPrefix) { InnerHandler = handler };
        }

        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    private sealed class PrefixHandler(string prefix) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var builder = new UriBuilder(request.RequestUri!) { Path = prefix.TrimEnd('/') + request.RequestUri!.AbsolutePath };
            request.RequestUri = builder.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
