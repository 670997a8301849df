using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.A2a;

/// <summary>The sample agent in a real PAR, and the three official clients' runs against it (one after the other).</summary>
public sealed class A2aClientsFixture : IAsyncLifetime
{
    private readonly SampleAgentFixture _sample = new();

    internal ParTestHost Host => _sample.Host;

    internal A2aNodeClient V1 { get; private set; } = null!;

    internal A2aNodeClient V03Client { get; private set; } = null!;

    internal A2aNodeClient V03Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _sample.InitializeAsync();
        // The trailing slash matters: the JS clients resolve .well-known/agent-card.json relative to it.
        var baseUrl = $"http://127.0.0.1:{Host.Options.Listeners.RestPort}{SampleAgentFixture.Base}/";
        V1 = await A2aNodeClient.RunAsync("v1", baseUrl);
        V03Client = await A2aNodeClient.RunAsync("v03-client", baseUrl);
        V03Factory = await A2aNodeClient.RunAsync("v03-factory", baseUrl);
    }

    public async Task DisposeAsync() => await _sample.DisposeAsync();
}
