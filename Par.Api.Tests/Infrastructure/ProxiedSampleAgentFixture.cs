namespace Par.Api.Tests.Infrastructure;

/// <summary>
/// The sample agent booted once (<see cref="SampleAgentFixture"/>) behind a real nginx with one entry point per way a
/// load balancer addresses PAR: an ALB (public name, name:443, X-Forwarded-Proto https), a Kubernetes Service (svc) and
/// Ingress, and IP literals, for REST and for gRPC.
/// </summary>
public sealed class ProxiedSampleAgentFixture : IAsyncLifetime
{
    public const string PublicHost = "agents.example.com";

    internal static readonly ProxyRoute[] Routes =
    [
        new("alb", ProxyKind.Rest, PublicHost, "https", 443),
        new("alb-443", ProxyKind.Rest, PublicHost + ":443", "https", 443),
        new("k8s-service", ProxyKind.Rest, "svc"),
        new("k8s-ingress", ProxyKind.Rest, "sample.apps.internal", "http", 80),
        new("ipv4", ProxyKind.Rest, "10.1.2.3:8080"),
        new("ipv6", ProxyKind.Rest, "[fd00::17]:8080"),
        new("grpc-alb", ProxyKind.Grpc, PublicHost),
        new("grpc-alb-443", ProxyKind.Grpc, PublicHost + ":443"),
        new("grpc-k8s-service", ProxyKind.Grpc, "svc"),
        new("grpc-ipv4", ProxyKind.Grpc, "10.1.2.3"),
        new("grpc-ipv6", ProxyKind.Grpc, "[fd00::17]:50051"),
        new("grpc-none", ProxyKind.Grpc, null),
    ];

    private readonly SampleAgentFixture _sample = new();

    internal ParTestHost Host => _sample.Host;

    internal NginxProxy Proxy { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _sample.InitializeAsync();
        Proxy = await NginxProxy.StartAsync(Host.Options.Listeners.RestPort, Host.Options.Listeners.A2aPort, Routes);
    }

    public async Task DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        await _sample.DisposeAsync();
    }
}
