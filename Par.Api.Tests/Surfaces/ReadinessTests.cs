using System.Net;
using Grpc.Health.V1;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Lifecycle.Exit;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces;

/// <summary>Ready only when every declared surface answered its self-check; any one surface alone is enough.</summary>
public sealed class ReadinessTests
{
    private const string RestModule = """
        async def app(scope, receive, send):
            if scope["type"] != "http":
                return
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"rest-only"})
        """;

    [Fact]
    public async Task RestOnlyPackage_BecomesReadyAndServes()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", "name: rest-only\nversion: 1.0.0\nhttp_server: web:app\n");
        dir.Write("pkg/web.py", RestModule);
        await using var host = await Boot(dir);

        Assert.Equal("rest-only", await host.Rest.GetStringAsync("/anything"));
        Assert.Equal("skipped", await host.ReadyCheckAsync("ui"));
    }

    [Fact]
    public async Task A2aOnlyPackage_BecomesReadyAndItsActionAnswersOverGrpc()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", "name: a2a-only\nversion: 1.0.0\nexports:\n  - name: hi\n    handler: acts.hi\n");
        dir.Write("pkg/acts.py", "def hi(params):\n    return 'hi ' + params.get('who', 'there')\n");
        await using var host = await Boot(dir);
        var request = new ActionRequest { Action = "hi", RequestId = "r-hi" };
        request.Parameters["who"] = "par";

        var result = await new AgentService.AgentServiceClient(GrpcChannels.For(host.A2aAddress)).InvokeAsync(request);
        using var response = await host.Rest.GetAsync("/x");

        Assert.True(result.Success, result.Error);
        Assert.Equal("hi par", result.Result);
        Assert.Equal("r-hi", result.RequestId);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ok", await host.ReadyCheckAsync("a2a"));
    }

    [Fact]
    public async Task UiOnlyPackage_BecomesReadyWithoutWorker()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", "name: ui-only\nversion: 1.0.0\nui:\n  path: site\n");
        dir.Write("pkg/site/index.html", "<html>ui-only</html>");
        await using var host = await Boot(dir);

        Assert.Contains("ui-only", await host.Rest.GetStringAsync("/ui/"));
        Assert.Equal("skipped", await host.ReadyCheckAsync("worker"));
    }

    [Fact]
    public async Task StandaloneUi_ServedOnUiPortWithHealth()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", "name: ui-only\nversion: 1.0.0\nui:\n  path: site\n");
        dir.Write("pkg/site/index.html", "<html>standalone</html>");
        await using var host = await Boot(dir, (EnvNames.Multiplexed, "false"), (EnvNames.BasePath, "/b"));
        using var ui = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Options.Listeners.UiPort}") };

        Assert.Contains("standalone", await ui.GetStringAsync("/b/"));
        Assert.Equal(HttpStatusCode.OK, (await ui.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Rest.GetAsync("/b/ui/")).StatusCode);
    }

    [Fact]
    public async Task RestAppThatCannotBeBuilt_NeverReady()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", "name: broken-rest\nversion: 1.0.0\nhttp_server: web:missing_app\n");
        dir.Write("pkg/web.py", RestModule);
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = dir.Combine("pkg") });

        var snapshot = await host.WaitForBootAsync();
        var (status, ready) = await host.GetJsonAsync("/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("failed", ready.GetProperty("status").GetString());
        Assert.Contains("missing_app", ready.GetProperty("error").GetString());
        Assert.Equal(ExitCodes.AgentFailed, snapshot.ExitCode);
    }

    [Fact]
    public async Task GrpcHealth_NotServingDuringBootThenServing()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir),
            [EnvNames.DebugBootDelayMs] = "1500",
        });
        var health = new global::Grpc.Health.V1.Health.HealthClient(GrpcChannels.For(host.A2aAddress));

        var during = await health.CheckAsync(new HealthCheckRequest { Service = "pixell.agent.AgentService" });
        await host.WaitForBootAsync();
        var after = await health.CheckAsync(new HealthCheckRequest { Service = "" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, during.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, after.Status);
    }

    [Fact]
    public async Task GrpcHealth_AlbCheckerDuringBoot_GetsUnavailableWhileOthersGetNotServing()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir),
            [EnvNames.DebugBootDelayMs] = "60000",
        });
        var health = new global::Grpc.Health.V1.Health.HealthClient(GrpcChannels.For(host.A2aAddress));

        var plain = await health.CheckAsync(new HealthCheckRequest());
        var fromAlb = await AlbCheckStatusAsync(host.A2aAddress);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, plain.Status);
        Assert.Equal("14", fromAlb);
    }

    /// <summary>The ALB's check as it goes over the wire (grpc-dotnet would replace the user agent): its grpc-status.</summary>
    private static async Task<string?> AlbCheckStatusAsync(string address)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, address + "/grpc.health.v1.Health/Check")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("user-agent", "ELB-HealthChecker/2.0");
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response.Headers.TryGetValues("grpc-status", out var inHeaders) ? inHeaders.Single()
            : response.TrailingHeaders.TryGetValues("grpc-status", out var inTrailers) ? inTrailers.Single() : null;
    }

    /// <summary>Boots the package in pkg/ and returns once /ready answers 200 with status ready.</summary>
    private static async Task<ParTestHost> Boot(TempDirectory dir, params (string Name, string Value)[] extra)
    {
        var host = await ParTestHost.StartAsync(extra.Aggregate(ParTestHost.Defaults().Package(dir.Combine("pkg")), (env, e) => env.With(e.Name, e.Value)));
        await host.WaitForBootAsync();
        var (status, ready) = await host.GetJsonAsync("/ready");
        Assert.True(status == HttpStatusCode.OK && ready.GetProperty("status").GetString() == "ready", $"/ready answered {(int)status} {ready}");
        return host;
    }
}
