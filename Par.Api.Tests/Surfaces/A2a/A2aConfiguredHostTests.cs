using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Tests.Packages;
using Par.Api.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Par.Api.Tests.Surfaces.A2a;

/// <summary>A2A on hosts configured for one case each: PUBLIC_URL, untrusted proxies, a tiny task store, no actions, booting.</summary>
public sealed class A2aConfiguredHostTests
{
    private const string Base = SampleAgentFixture.Base;

    [Fact]
    public async Task PublicUrl_IsTheCardsInterfaceUrl_AndForwardedHeadersAreIgnored()
    {
        await using var host = await Sample(new() { [EnvNames.PublicUrl] = "https://public.example.com/x/" });
        using var request = new HttpRequestMessage(HttpMethod.Get, Base + "/.well-known/agent-card.json");
        request.Headers.Add("A2A-Version", "1.0");
        request.Headers.Add("X-Forwarded-Host", "other.example.com");

        using var response = await host.Rest.SendAsync(request);
        var card = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("https://public.example.com/x/a2a/jsonrpc", card.GetProperty("supportedInterfaces")[0].GetProperty("url").GetString());
        Assert.Equal("A2A-Version", response.Headers.Vary.Single());
    }

    [Fact]
    public async Task UntrustedPeer_ForwardedHeadersDoNotReachTheCard()
    {
        await using var host = await Sample(new() { [EnvNames.ForwardedTrustedProxies] = "10.0.0.0/8" });
        using var request = new HttpRequestMessage(HttpMethod.Get, Base + "/.well-known/agent-card.json");
        request.Headers.Add("A2A-Version", "1.0");
        request.Headers.Add("X-Forwarded-Host", "evil.example.com");
        request.Headers.Add("X-Forwarded-Prefix", "/evil");

        using var response = await host.Rest.SendAsync(request);
        var card = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal($"http://127.0.0.1:{host.Options.Listeners.RestPort}{Base}/a2a/jsonrpc", card.GetProperty("supportedInterfaces")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task TaskLimit_ForgetsTheOldestFinishedTask_AndRefusesWhenAllRun()
    {
        await using var host = await Sample(new() { [EnvNames.A2aTaskLimit] = "2" });
        var path = Base + "/a2a/jsonrpc";
        var first = await Send(host, path, """{"skill":"echo"}""");
        await Send(host, path, """{"skill":"echo"}""");
        await Send(host, path, """{"skill":"echo"}""");

        var (_, gone) = await A2aHttp.PostAsync(host.Rest, path, A2aHttp.Call("GetTask", $$"""{"id":"{{first}}"}"""));
        var running1 = await Send(host, path, """{"skill":"slow","params":{"seconds":60}}""", immediately: true);
        var running2 = await Send(host, path, """{"skill":"slow","params":{"seconds":60}}""", immediately: true);
        var (_, refused) = await A2aHttp.PostAsync(host.Rest, path, A2aHttp.Call("SendMessage", A2aHttp.Message()));

        Assert.Equal(-32001, gone.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(-32603, refused.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("A2A_TASK_LIMIT", refused.GetProperty("error").GetProperty("message").GetString());
        Assert.Single(host.Logs.Named("a2a.store.full"));
        foreach (var id in new[] { running1, running2 })
        {
            var (_, canceled) = await A2aHttp.PostAsync(host.Rest, path, A2aHttp.Call("CancelTask", $$"""{"id":"{{id}}"}"""));
            Assert.Equal("TASK_STATE_CANCELED", canceled.GetProperty("result").GetProperty("status").GetProperty("state").GetString());
        }
    }

    [Fact]
    public async Task NoActions_NoCard404()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir),
            [EnvNames.BasePath] = "/agents/{AGENT_APP_ID}",
        });
        await host.WaitForBootAsync();

        using var response = await host.Rest.GetAsync("/agents/test-agent/.well-known/agent-card.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Contains("no actions", StringComparison.Ordinal), text + host.State.Current.Status);
    }

    [Fact]
    public async Task BeforeTheManifest_CardAndJsonRpcAnswer503()
    {
        // The package download is held, so no manifest (and no skill) is known yet.
        using var server = HttpsPackageServer.Start();
        server.Server.Given(Request.Create().WithPath("/held.apkg").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody([1]).WithDelay(TimeSpan.FromSeconds(60)));
        var environment = server.Environment("/held.apkg", (EnvNames.AgentAppId, SampleAgentFixture.AgentId), (EnvNames.BasePath, "/agents/{AGENT_APP_ID}"));
        await using var host = await ParTestHost.StartAsync(environment);

        using var card = await host.Rest.GetAsync(Base + "/.well-known/agent-card.json");
        var (status, body) = await A2aHttp.PostAsync(host.Rest, Base + "/a2a/jsonrpc", A2aHttp.Call("SendMessage", A2aHttp.Message()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, card.StatusCode);
        Assert.Equal("The agent is not ready", JsonDocument.Parse(await card.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        Assert.Equal(503, status);
        Assert.Equal("the agent is not ready", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(BootStatus.Booting, host.State.Current.Status);
    }

    [Fact]
    public async Task ManifestKnownButNotReady_CardServed_JsonRpc503()
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = SampleAgentFixture.AgentId,
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.BasePath] = "/agents/{AGENT_APP_ID}",
            [EnvNames.DebugBootDelayMs] = "60000",
        });
        // Every phase ran; the boot is held before ready, so the card (static, from the manifest) is known.
        await Poll.UntilAsync(() => host.State.Current.Checks.Values.All(c => c != CheckState.Pending), TimeSpan.FromSeconds(60), "every boot phase ran");

        using var card = await host.Rest.GetAsync(Base + "/.well-known/agent-card.json");
        var (status, body) = await A2aHttp.PostAsync(host.Rest, Base + "/a2a/jsonrpc", A2aHttp.Call("SendMessage", A2aHttp.Message()));

        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
        Assert.Equal(503, status);
        Assert.Equal("the agent is not ready", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(1, body.GetProperty("id").GetInt32());
        Assert.Equal(BootStatus.Booting, host.State.Current.Status);
    }

    private static async Task<string> Send(ParTestHost host, string path, string metadata, bool immediately = false)
    {
        var parameters = A2aHttp.Message(metadata, configuration: immediately ? """{"returnImmediately":true}""" : "{}");
        var (_, body) = await A2aHttp.PostAsync(host.Rest, path, A2aHttp.Call("SendMessage", parameters));
        Assert.True(body.TryGetProperty("result", out var result), body.ToString());
        return result.GetProperty("task").GetProperty("id").GetString()!;
    }

    private static async Task<ParTestHost> Sample(Dictionary<string, string?> environment)
    {
        environment[EnvNames.AgentAppId] = SampleAgentFixture.AgentId;
        environment[EnvNames.AgentPackagePath] = TestPackages.SampleAgent;
        environment[EnvNames.BasePath] = "/agents/{AGENT_APP_ID}";
        var host = await ParTestHost.StartAsync(environment);
        var snapshot = await host.WaitForBootAsync();
        Assert.True(snapshot.IsReady, snapshot.Error);
        return host;
    }
}
