using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Par.Api.Config;
using Par.Api.Tests.Agents;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;

namespace Par.Api.Tests.Config;

/// <summary>
/// The environment checked by the schema is PAR's only configuration: the web host's own channels (Kestrel's
/// configuration section, read from environment variables; appsettings.json beside the executable, watched for
/// changes) change nothing in a real PAR process.
/// </summary>
public sealed class HostConfigurationTests
{
    [Fact]
    public async Task Host_ReadsNoSettingsFile()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir) });

        var configuration = Assert.IsAssignableFrom<IConfigurationRoot>(host.Services.GetRequiredService<IConfiguration>());

        Assert.NotEmpty(configuration.Providers);
        Assert.DoesNotContain(configuration.Providers, p => p is JsonConfigurationProvider);
    }

    [Fact]
    public async Task KestrelEndpointVariable_OpensNoListener_NoSettingsFileWatched()
    {
        using var dir = new TempDirectory();
        var extra = TestPorts.Next();
        await using var par = RuntimeProcess.Start(RuntimeProcess.Defaults()
            .Package(TestPackages.Minimal(dir))
            .With("Kestrel__Endpoints__extra__Url", $"http://127.0.0.1:{extra}"));
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(90));

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(IPAddress.Loopback, extra));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.DoesNotContain(".NET File Watch", ProcessTable.ThreadNames(par.Process.Pid));
    }
}
