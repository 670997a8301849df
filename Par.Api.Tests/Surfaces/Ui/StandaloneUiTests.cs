using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Health;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.Ui;

/// <summary>MULTIPLEXED=false: the UI on its own listener under {BASE}/, answering any Host.</summary>
public sealed class StandaloneUiTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/agents/{AGENT_APP_ID}")]
    public async Task UiConfig_OnTheUiListener_Answers200(string basePath)
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.Multiplexed] = "false",
            [EnvNames.BasePath] = basePath,
        });
        Assert.True((await host.WaitForBootAsync()).IsReady);
        var normalized = host.Options.Listeners.BasePath;
        var uiPort = host.Options.Listeners.UiPort;
        using var ui = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{uiPort}") };

        var config = await ui.GetFromJsonAsync<JsonElement>(BasePath.Join(normalized, "/ui-config.json"));
        var (pageStatus, page) = await RawHttp.SendAsync(uiPort, "GET", BasePath.Join(normalized, "/"), "agents.example.com");
        using var onRest = await host.Rest.GetAsync(BasePath.Join(normalized, "/ui/"));

        Assert.Equal(BasePath.Join(normalized, "/api"), config.GetProperty("apiBase").GetString());
        Assert.Equal(200, pageStatus);
        Assert.Contains("<title>Sample Agent</title>", page);
        Assert.NotEqual(HttpStatusCode.OK, onRest.StatusCode);
    }

    [Fact]
    public async Task Health_OnTheUiListener_OneBodyWithItsLengthAndHeadWithout()
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.Multiplexed] = "false",
        });
        Assert.True((await host.WaitForBootAsync()).IsReady);

        await ProbeAnswer.AssertOneBodyAndHeadAsync(host.Options.Listeners.UiPort, "/health", 200);
    }
}
