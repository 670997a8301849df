using Par.Api.Surfaces.Grpc;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.LoadBalancer;

/// <summary>
/// Straight to the listeners with every Host (REST) and :authority (gRPC) a load balancer may send, none included:
/// routes are chosen by the port the connection arrived on, so each answers the same.
/// </summary>
public sealed class AnyHostTests(SampleAgentFixture sample) : IClassFixture<SampleAgentFixture>
{
    private const string Base = SampleAgentFixture.Base;

    public static TheoryData<string?> HostForms() =>
        ["agents.example.com", "agents.example.com:443", "svc", "10.1.2.3", "10.1.2.3:8080", "[fd00::17]", "[fd00::17]:443", null];

    [Theory]
    [MemberData(nameof(HostForms))]
    public async Task Rest_AnyHost_EveryRouteAnswers(string? host)
    {
        // HTTP/1.1 requires a Host line (an empty one stands for "none"); HTTP/1.0 may leave it out entirely.
        var forms = host is null ? new[] { ("HTTP/1.1", string.Empty, false), ("HTTP/1.0", string.Empty, true) } : [("HTTP/1.1", host, false)];
        foreach (var (version, hostValue, omit) in forms)
        {
            foreach (var path in new[] { "/health", Base + "/meta", Base + "/hello", Base + "/ui/", Base + "/ui-config.json", Base + "/swagger/agent/openapi.json" })
            {
                var (status, response) = await RawHttp.SendAsync(sample.Host.Options.Listeners.RestPort, "GET", path, hostValue, version, omit);
                Assert.True(status == 200, $"{version} Host '{hostValue}' (omitted: {omit}) {path}: {response}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(HostForms))]
    public async Task Grpc_AnyAuthority_PingAnswers(string? authority)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await GrpcPingCheck.RunAsync(sample.Host.Options.Listeners.A2aPort, authority, timeout.Token);
    }

    [Fact]
    public async Task Rest_RestRoutesOnTheA2aPort_NotServed()
    {
        using var http = new HttpClient { BaseAddress = new Uri(sample.Host.A2aAddress), DefaultRequestVersion = new Version(2, 0), DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        foreach (var path in new[] { Base + "/meta", Base + "/hello", Base + "/swagger/index.html", Base + "/swagger/runtime/swagger.json" })
        {
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }
    }
}
