using System.Net;
using Par.Api.A2a.Protocol;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Pixell;

/// <summary>The `pixell init` scaffold, built by pixell-kit (UI under dist/ui only) or pixell-sdk, runs unmodified: its A2A stub returns None.</summary>
public sealed class ScaffoldTests
{
    [Theory]
    [InlineData("pixell-kit")]
    [InlineData("pixell-sdk")]
    public async Task Scaffold_Built_ReadyWithNoActionsAndServesRestUiAndGrpc(string builder)
    {
        using var dir = new TempDirectory("pixell-scaffold");
        var project = PixellAgents.Scaffold("my-agent");
        var apkgPath = dir.Combine("my-agent-0.1.0.apkg");
        var apkg = builder == "pixell-kit" ? PixellKitBuild.Build(project, apkgPath) : PixellSdkBuild.Build(project, apkgPath);
        await using var par = await PixellRuntime.StartReadyAsync(apkg);
        var grpc = PixellRuntime.Grpc(par);

        var hello = await par.Rest.GetStringAsync("/api/hello");
        var ui = await par.Rest.GetStringAsync("/ui/");
        var capabilities = await grpc.DescribeCapabilitiesAsync(new Empty());
        var invoked = await grpc.InvokeAsync(new ActionRequest { Action = "anything" });
        var ping = await grpc.PingAsync(new Empty());

        Assert.Equal("""{"message":"Hello from REST"}""", hello);
        Assert.Contains("<h1>Pixell Agent UI</h1>", ui);
        Assert.Empty(capabilities.Methods);
        Assert.Equal("my-agent", capabilities.Metadata["name"]);
        Assert.False(invoked.Success);
        Assert.Equal("No handler found for action: anything", invoked.Error);
        Assert.Equal("pong", ping.Message);
        var log = par.Process.Stdout;
        var warning = Assert.Single(log.Split('\n'), l => l.Contains("\"event\":\"agent.load_warning\"", StringComparison.Ordinal));
        Assert.Contains("\"level\":\"warn\"", warning);
        Assert.Contains("a2a factory 'src.a2a.server:serve' returned None, which has no 'custom_handlers' and no 'Invoke': the agent has no A2A actions", warning);
        Assert.True(log.Contains("A2A server stub - implement gRPC service here", StringComparison.Ordinal), log);
    }

    [Fact]
    public async Task Scaffold_KitBuild_SigtermExits0()
    {
        using var dir = new TempDirectory("pixell-scaffold");
        var apkg = PixellKitBuild.Build(PixellAgents.Scaffold("rest-ui-agent", a2a: false), dir.Combine("a.apkg"));
        await using var par = await PixellRuntime.StartReadyAsync(apkg, ownSession: true);
        Assert.Equal(HttpStatusCode.OK, (await par.Rest.GetAsync("/api/hello")).StatusCode);

        Assert.True(par.Process.SignalProcessGroup(Signals.Term));

        Assert.Equal(0, await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
