using System.Net;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.Ui;

/// <summary>A directory package is used in place, links and all: the UI never serves a file whose real path is outside ui.path.</summary>
public sealed class UiSymlinkTests : IDisposable
{
    private const string Secret = "TOP-SECRET-OUTSIDE-THE-UI";

    private readonly TempDirectory _dir = new("par-ui-links");

    public UiSymlinkTests()
    {
        _dir.Write("pkg/agent.yaml", "name: ui-links\nversion: 1.0.0\nui:\n  path: site\n");
        _dir.Write("outside/secret.txt", Secret);
        _dir.Write("outside/index.html", Secret);
        _dir.Write("pkg/private.txt", Secret);
    }

    [Theory]
    [InlineData("/ui/up/secret.txt")]
    [InlineData("/ui/up/")]
    [InlineData("/ui/up/index.html")]
    [InlineData("/ui/etc/passwd")]
    [InlineData("/ui/pkg/private.txt")]
    public async Task FolderLinkOutOfTheUi_NotFollowed(string path)
    {
        _dir.Write("pkg/site/index.html", "<html>app shell</html>");
        Directory.CreateSymbolicLink(_dir.Combine("pkg", "site", "up"), _dir.Combine("outside"));
        Directory.CreateSymbolicLink(_dir.Combine("pkg", "site", "etc"), "/etc");
        Directory.CreateSymbolicLink(_dir.Combine("pkg", "site", "pkg"), "..");
        await using var host = await BootAsync();

        var (status, response) = await RawHttp.GetAsync(host.Options.Listeners.RestPort, path);

        Assert.DoesNotContain(Secret, response);
        Assert.DoesNotContain("root:", response);
        Assert.Equal(path.EndsWith("passwd", StringComparison.Ordinal) ? 200 : 404, status);
    }

    [Fact]
    public async Task FolderLinkInsideTheUi_Served()
    {
        _dir.Write("pkg/site/index.html", "<html>app shell</html>");
        _dir.Write("pkg/site/v2/app.js", "console.log('v2')");
        Directory.CreateSymbolicLink(_dir.Combine("pkg", "site", "latest"), "v2");
        await using var host = await BootAsync();

        using var response = await host.Rest.GetAsync("/ui/latest/app.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("console.log('v2')", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UiPathItselfALinkOutOfThePackage_Exits65NamingUiPath()
    {
        Directory.CreateSymbolicLink(_dir.Combine("pkg", "site"), _dir.Combine("outside"));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = _dir.Combine("pkg"),
            [EnvNames.BootFailureBackoffSec] = "30",
        });

        var snapshot = await host.WaitForBootAsync();
        var (healthStatus, body) = await host.GetJsonAsync("/health");
        var (status, ui) = await RawHttp.GetAsync(host.Options.Listeners.RestPort, "/ui/secret.txt");

        Assert.Equal(65, snapshot.ExitCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthStatus);
        Assert.Contains("ui.path: folder 'site' resolves through a symbolic link to", body.GetProperty("error").GetString());
        Assert.Equal(404, status);
        Assert.DoesNotContain(Secret, ui);
    }

    [Fact]
    public async Task PackageGivenThroughALink_UiStillServed()
    {
        _dir.Write("pkg/site/index.html", "<html>through a link</html>");
        Directory.CreateSymbolicLink(_dir.Combine("current"), _dir.Combine("pkg"));
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = _dir.Combine("current") });
        var snapshot = await host.WaitForBootAsync();
        Assert.True(snapshot.IsReady, snapshot.Error);

        Assert.Contains("through a link", await host.Rest.GetStringAsync("/ui/"));
    }

    public void Dispose() => _dir.Dispose();

    private async Task<ParTestHost> BootAsync()
    {
        var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = _dir.Combine("pkg") });
        var snapshot = await host.WaitForBootAsync();
        Assert.True(snapshot.IsReady, snapshot.Error);
        return host;
    }
}
