namespace Par.Api.Tests.Infrastructure;

/// <summary>What a load balancer in front of PAR does for one entry point of the test proxy.</summary>
internal enum ProxyKind
{
    /// <summary>HTTP/1.1 proxy_pass to REST_PORT, as an ALB's HTTP target group or a Kubernetes Ingress.</summary>
    Rest,

    /// <summary>HTTP/2 cleartext in, grpc_pass over h2c to A2A_PORT, as an ALB's gRPC target group.</summary>
    Grpc,
}

/// <summary>
/// One server block of the test proxy: the Host (or :authority) it sends upstream — null sends none at all — and,
/// when set, the X-Forwarded-Proto and -Port it adds as a TLS-terminating ALB does.
/// </summary>
internal sealed record ProxyRoute(string Name, ProxyKind Kind, string? Host, string? ForwardedProto = null, int? ForwardedPort = null);
