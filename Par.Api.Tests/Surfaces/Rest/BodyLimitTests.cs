using System.Net;
using System.Text;
using Grpc.Core;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.Rest;

/// <summary>The sample agent with MAX_REQUEST_BODY_MB=1 and GRPC_MAX_MESSAGE_MB=1.</summary>
public sealed class SmallLimitsFixture : IAsyncLifetime
{
    internal ParTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.BasePath] = "/agents/{AGENT_APP_ID}",
            [EnvNames.AgentAppId] = SampleAgentFixture.AgentId,
            [EnvNames.MaxRequestBodyMb] = "1",
            [EnvNames.GrpcMaxMessageMb] = "1",
        });
        var snapshot = await Host.WaitForBootAsync();
        if (!snapshot.IsReady)
        {
            throw new InvalidOperationException($"the sample agent did not boot: {snapshot.Error}");
        }
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class BodyLimitTests(SmallLimitsFixture fixture) : IClassFixture<SmallLimitsFixture>
{
    private const string Base = SampleAgentFixture.Base;
    private const int OverLimit = 3 * 1024 * 1024;

    [Fact]
    public async Task Rest_ContentLengthOverLimit_413NamingTheVariable()
    {
        using var content = new ByteArrayContent(new byte[OverLimit]);
        content.Headers.ContentType = new("application/json");

        using var response = await fixture.Host.Rest.PostAsync(Base + "/echo", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MAX_REQUEST_BODY_MB", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rest_ChunkedBodyGrowingOverLimit_413()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(new string(' ', OverLimit))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Base + "/echo") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await fixture.Host.Rest.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Rest_BodyUnderLimit_ReachesTheAgent()
    {
        var json = "{\"s\":\"" + new string('x', 512 * 1024) + "\"}";

        using var response = await fixture.Host.Rest.PostAsync(Base + "/echo", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Grpc_MessageOverLimit_ResourceExhausted()
    {
        using var channel = GrpcChannels.For(fixture.Host.A2aAddress);
        var request = new ActionRequest { Action = "echo" };
        request.Parameters.Add("text", new string('x', OverLimit));

        var error = await Assert.ThrowsAsync<RpcException>(() => new AgentService.AgentServiceClient(channel).InvokeAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }
}

public sealed class DefaultGrpcLimitTests(SampleAgentFixture sample) : IClassFixture<SampleAgentFixture>
{
    [Fact]
    public async Task Grpc_100MiBMessage_ResourceExhausted()
    {
        using var channel = GrpcChannels.For(sample.Host.A2aAddress);
        var request = new ActionRequest { Action = "echo" };
        request.Parameters.Add("text", new string('x', 100 * 1024 * 1024));

        var error = await Assert.ThrowsAsync<RpcException>(() => new AgentService.AgentServiceClient(channel).InvokeAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }
}
