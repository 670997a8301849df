using Par.Api.Config;

namespace Par.Api.Tests.Infrastructure;

/// <summary>The bundled sample agent booted once in a real runtime (real worker, real listeners) for a test class.</summary>
public sealed class SampleAgentFixture : IAsyncLifetime
{
    public const string AgentId = "sample-1";
    public const string Base = "/agents/sample-1";

    internal ParTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ParTestHost.StartAsync(ParTestHost.Defaults()
            .With(EnvNames.AgentAppId, AgentId)
            .Package(TestPackages.SampleAgent)
            .With(EnvNames.BasePath, "/agents/{AGENT_APP_ID}"));
        var snapshot = await Host.WaitForBootAsync();
        if (!snapshot.IsReady)
        {
            throw new InvalidOperationException($"the sample agent did not boot: {snapshot.Error}");
        }
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
