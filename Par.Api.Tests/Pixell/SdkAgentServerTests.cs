using System.Net;
using System.Text;
using System.Text.Json;
using Par.Api.A2a.Protocol;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Pixell;

/// <summary>
/// A pixell-sdk agent as its builder packs it: <c>a2a.http_server</c> naming an AgentServer (its ASGI app is
/// <c>.app</c>), the always-generated setup.py without dependencies, explicit directory entries in the zip.
/// </summary>
public sealed class SdkAgentServerTests
{
    [Fact]
    public async Task AgentServer_SdkBuild_ReadyOnTheFastPathAndServesItsJsonRpcApp()
    {
        using var dir = new TempDirectory("pixell-sdk");
        var apkg = PixellSdkBuild.Build(PixellAgents.SdkAgentServer("sdk-echo"), dir.Combine("sdk-echo-1.2.3.apkg"));
        await using var par = await PixellRuntime.StartReadyAsync(apkg);

        var card = await par.Rest.GetStringAsync("/.well-known/agent.json");
        using var rpc = await par.Rest.PostAsync("/", new StringContent(
            """{"jsonrpc": "2.0", "id": "r1", "method": "message/send", "params": {"message": {"parts": [{"text": "hi"}]}}}""",
            Encoding.UTF8, "application/json"));
        var capabilities = await PixellRuntime.Grpc(par).DescribeCapabilitiesAsync(new Empty());

        Assert.Equal("""{"name": "SDK Echo", "agent_id": "sdk-echo"}""", card);
        Assert.Equal(HttpStatusCode.OK, rpc.StatusCode);
        Assert.Equal("""{"jsonrpc": "2.0", "id": "r1", "result": {"echo": "hi"}}""", await rpc.Content.ReadAsStringAsync());
        Assert.Empty(capabilities.Methods);
        var log = par.Process.Stdout;
        Assert.Contains("\"event\":\"agent.install.project_without_dependencies\"", log);
        Assert.Contains("\"withPip\":false", log);
        Assert.DoesNotContain("\"event\":\"agent.install.started\"", log);
    }

    [Fact]
    public async Task AgentServer_MetaAndDescribeCapabilities_ShowAuthorLicenseCapabilitiesAndMetadata()
    {
        using var dir = new TempDirectory("pixell-sdk");
        var apkg = PixellSdkBuild.Build(PixellAgents.SdkAgentServer("sdk-echo"), dir.Combine("a.apkg"));
        await using var par = await PixellRuntime.StartReadyAsync(apkg);

        using var meta = JsonDocument.Parse(await par.Rest.GetStringAsync("/meta"));
        var capabilities = await PixellRuntime.Grpc(par).DescribeCapabilitiesAsync(new Empty());

        var root = meta.RootElement;
        Assert.Equal("Pixell Team", root.GetProperty("author").GetString());
        Assert.Equal("MIT", root.GetProperty("license").GetString());
        Assert.Equal(["echo", "streaming"], root.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("1.2.3", root.GetProperty("metadata").GetProperty("version").GetString());
        Assert.Equal("echo", root.GetProperty("metadata").GetProperty("sub_agents")[0].GetProperty("name").GetString());
        Assert.True(root.GetProperty("metadata").GetProperty("sub_agents")[0].GetProperty("public").GetBoolean());
        Assert.Equal("Pixell Team", capabilities.Metadata["author"]);
        Assert.Equal("MIT", capabilities.Metadata["license"]);
        using var metadata = JsonDocument.Parse(capabilities.Metadata["metadata"]);
        Assert.Equal("demo", metadata.RootElement.GetProperty("tags")[0].GetString());
        Assert.Equal("the echo skill", metadata.RootElement.GetProperty("sub_agents")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task TopLevelHttpServer_NamingAnAgentServer_ServesItsApp()
    {
        using var dir = new TempDirectory("pixell-sdk");
        // The SDK's builder copies only a2a and rest entry files to the zip root, so a top-level http_server module lives in src/.
        var project = PixellAgents.SdkAgentServer("sdk-top");
        var manifest = "version: '1.0'\nname: sdk-top\nhttp_server: src.main:server\nmetadata:\n  version: 0.1.0\n";
        var apkg = PixellSdkBuild.Build(project.With("agent.yaml", manifest).With("src/main.py", project.Files["main.py"]) with { A2aEntry = null },
            dir.Combine("a.apkg"));
        await using var par = await PixellRuntime.StartReadyAsync(apkg);

        var card = await par.Rest.GetStringAsync("/.well-known/agent.json");

        Assert.Equal("""{"name": "SDK Echo", "agent_id": "sdk-echo"}""", card);
    }
}
