using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Lifecycle;

/// <summary>SPEC §1: a listener that cannot be opened is exit 71, the port and its variable named, nothing left behind.</summary>
public sealed class ListenerFailureTests
{
    [Theory]
    [InlineData(EnvNames.RestPort)]
    [InlineData(EnvNames.A2aPort)]
    public async Task PortInUse_Exits71NamingPortAndVariable_NothingLeftBehind(string variable)
    {
        using var parent = new TempDirectory();
        var workDir = parent.Combine("work");
        using var taken = Occupy(out var port);
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.ParWorkDir] = workDir,
            [variable] = port.ToString(CultureInfo.InvariantCulture),
        });

        await BootFailure.AssertExitAsync(par.Process, 71, inStdout: $"cannot listen on port {port} ({variable}): address already in use");

        Assert.Contains("\"event\":\"runtime.listener_unavailable\"", par.Process.Stdout);
        Assert.DoesNotContain("Unhandled exception", par.Process.Stderr);
        Assert.False(Directory.Exists(workDir), "the head start's venv or worker files were left behind");
    }

    [Fact]
    public async Task UiPortInUse_Exits71AtOnceNamingUiPort_NoBackoff()
    {
        using var taken = Occupy(out var port);
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.Multiplexed] = "false",
            [EnvNames.UiPort] = port.ToString(CultureInfo.InvariantCulture),
            // SPEC §1: the backoff is for 69, 65, 70 and 75; a 71 that waited it would outlast the timeout below.
            [EnvNames.BootFailureBackoffSec] = "600",
        });

        await BootFailure.AssertExitAsync(par.Process, 71, inStdout: $"cannot listen on port {port} (UI_PORT): address already in use", timeout: TimeSpan.FromSeconds(120));

        Assert.DoesNotContain("unexpected error", par.Process.Stdout);
        Assert.False(Directory.Exists(par.WorkDir), "the work dir PAR created outlived the failure");
    }

    /// <summary>A port another process listens on, on every address (as a second container on the host network would).</summary>
    private static TcpListener Occupy(out int port)
    {
        port = TestPorts.Next();
        var listener = new TcpListener(IPAddress.IPv6Any, port);
        listener.Server.DualMode = true;
        listener.Start();
        return listener;
    }
}
