using Par.Api.A2a.Protocol;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Pixell;

/// <summary>pixell agents answer with envelopes; the caller gets the agent's own success, error and metadata.</summary>
public sealed class EnvelopeTests
{
    [Fact]
    public async Task Envelopes_OverGrpc_UnwrappedIntoActionResult()
    {
        using var dir = new TempDirectory("pixell-envelopes");
        var apkg = PixellSdkBuild.Build(PixellAgents.Envelopes("envelopes", dir.Combine("slow-started")), dir.Combine("e.apkg"));
        await using var par = await PixellRuntime.StartReadyAsync(apkg);
        var grpc = PixellRuntime.Grpc(par);

        var echo = new ActionRequest { Action = "echo", RequestId = "req-1" };
        echo.Parameters["message"] = "hello";
        var ok = await grpc.InvokeAsync(echo);
        var failed = await grpc.InvokeAsync(new ActionRequest { Action = "echo" });
        var plain = await grpc.InvokeAsync(new ActionRequest { Action = "plain" });
        var capabilities = await grpc.DescribeCapabilitiesAsync(new Empty());

        Assert.True(ok.Success, ok.Error);
        Assert.Equal("""{"echo": "hello"}""", ok.Result);
        Assert.Equal("echo-1", ok.Metadata["model"]);
        Assert.Equal("3", ok.Metadata["tokens"]);
        Assert.Equal("req-1", ok.RequestId);
        Assert.False(failed.Success);
        Assert.Equal("Missing required parameter: message", failed.Error);
        Assert.Equal(string.Empty, failed.Result);
        Assert.True(plain.Success, plain.Error);
        Assert.Equal("""{"success": true, "count": 3}""", plain.Result);
        Assert.Equal(["echo", "plain", "slow"], capabilities.Methods.Order(StringComparer.Ordinal));
    }
}
