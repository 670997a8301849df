using System.Net;
using System.Net.Sockets;
using System.Text;
using Par.Api.Cli;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Cli;

/// <summary>The container HEALTHCHECK probe against a real PAR, a closed port and servers that answer badly.</summary>
public sealed class HealthcheckCommandTests
{
    [Fact]
    public async Task Healthcheck_BootingThenReady_1Then0()
    {
        using var dir = new TempDirectory();
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.Minimal(dir),
            [EnvNames.DebugBootDelayMs] = "3000",
        });
        var port = host.Options.Listeners.RestPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (booting, bootingError) = await Task.Run(() => Probe(port));
        await host.WaitForBootAsync();
        var (ready, readyError) = await Task.Run(() => Probe(port));

        Assert.Equal(1, booting);
        Assert.StartsWith("/health answered 503: {", bootingError, StringComparison.Ordinal);
        Assert.Contains("\"booting\"", bootingError, StringComparison.Ordinal);
        Assert.Equal((0, ""), (ready, readyError));
    }

    [Fact]
    public void Healthcheck_NothingListening_1NamingThePort()
    {
        var port = TestPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, error) = Probe(port);

        Assert.Equal(1, code);
        Assert.StartsWith($"/health did not answer on port {port}: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the connection closed without an answer")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n", "SSH-2.0-OpenSSH_9.2")]
    public async Task Healthcheck_NotHttp_1WithWhatCame(string answer, string shown)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serve = ServeOnceAsync(listener, answer);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, error) = await Task.Run(() => Probe(port));
        await serve;

        Assert.Equal(1, code);
        Assert.Contains(shown, error, StringComparison.Ordinal);
        Assert.StartsWith($"/health on port {port} gave no HTTP answer", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_ServerNeverAnswers_1AfterItsTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var accepted = Task.Run(() => listener.AcceptSocketAsync());

        var (code, error) = await Task.Run(() => Probe(port));

        Assert.Equal(1, code);
        Assert.StartsWith($"/health did not answer on port {port}: ", error, StringComparison.Ordinal);
        (await accepted).Dispose();
    }

    private static (int Code, string Error) Probe(string port)
    {
        using var stderr = new StringWriter();
        var code = HealthcheckCommand.Run(EnvSnapshot.From(new Dictionary<string, string?> { [EnvNames.RestPort] = port }), stderr);
        return (code, stderr.ToString().Trim());
    }

    private static async Task ServeOnceAsync(TcpListener listener, string answer)
    {
        using var socket = await listener.AcceptSocketAsync();
        var request = new byte[4096];
        _ = await socket.ReceiveAsync(request);
        await socket.SendAsync(Encoding.ASCII.GetBytes(answer));
        socket.Shutdown(SocketShutdown.Both);
    }
}
