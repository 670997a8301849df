using System.Text;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.A2a;

/// <summary>An open A2A stream is an in-flight call: shutdown waits for its task's last event before the listeners stop.</summary>
public sealed class A2aDrainTests
{
    [Fact]
    public async Task OpenStream_FinishesDuringTheDrain()
    {
        var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = SampleAgentFixture.AgentId,
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.BasePath] = "/agents/{AGENT_APP_ID}",
        });
        Assert.True((await host.WaitForBootAsync()).IsReady);
        using var http = new HttpClient { BaseAddress = host.Rest.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, SampleAgentFixture.Base + "/a2a/jsonrpc")
        {
            Content = new StringContent(A2aHttp.Call("SendStreamingMessage", A2aHttp.Message("""{"skill":"slow","params":{"seconds":1}}""")), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("A2A-Version", "1.0");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();
        Assert.Contains("TASK_STATE_SUBMITTED", first);

        var stopping = host.DisposeAsync().AsTask(); // drain begins while the task runs
        var rest = await reader.ReadToEndAsync();
        await stopping;

        Assert.Contains("TASK_STATE_WORKING", rest);
        Assert.Contains("\"text\":\"done\"", rest);
        var last = rest.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("data: ", last);
        Assert.Contains("\"statusUpdate\"", last);
        Assert.Contains("TASK_STATE_COMPLETED", last);
    }
}
