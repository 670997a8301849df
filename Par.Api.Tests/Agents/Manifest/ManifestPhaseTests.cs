using Microsoft.Extensions.Logging.Abstractions;
using Par.Api.Agents;
using Par.Api.Agents.Manifest;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Manifest;

/// <summary>Bad manifests, each refused with exit 65 and a message naming the field.</summary>
public sealed class ManifestPhaseTests : IDisposable
{
    private readonly TempDirectory _dir = new("par-manifest");

    public static TheoryData<string, string, string> Refused => new()
    {
        { "missing version", "name: demo\n", "version is required" },
        { "rest without entry", "name: demo\nversion: 1.0.0\nrest:\n  port: 8000\n", "rest.entry (or rest.asgi) is required when rest is present" },
        { "ui without path", "name: demo\nversion: 1.0.0\nui:\n  basePath: /ui\n", "ui.path is required when ui is present" },
        { "ui.path without index.html", "name: demo\nversion: 1.0.0\nui:\n  path: web\n", "ui.path: folder 'web' has no index.html" },
        { "handler module missing", "name: demo\nversion: 1.0.0\na2a:\n  service: pkg.handlers:create\n", "a2a.service: module 'pkg.handlers' (pkg/handlers.py) is not in the package" },
        { "YAML alias", "name: demo\nversion: 1.0.0\ndisplay_name: *n\n", "agent.yaml uses the YAML alias *n" },
        { "2 MiB manifest", "name: demo\nversion: 1.0.0\ndescription: " + new string('x', 2 * 1024 * 1024) + "\n", "agent.yaml is larger than 1048576 bytes" },
        { "bad name", "name: Demo_Agent\nversion: 1.0.0\n", "name 'Demo_Agent' must start with a lowercase letter" },
        { "a2a without service", "name: demo\nversion: 1.0.0\na2a: {}\n", "a2a.service (or a2a.entry, a2a.http_server) is required when a2a is present" },
        { "malformed handler", "name: demo\nversion: 1.0.0\nentrypoint: demo.main\n", "entrypoint: 'demo.main' must have the form module:function" },
        { "export handler missing", "name: demo\nversion: 1.0.0\nexports:\n  - name: greet\n    handler: gone.greet\n", "exports[0].handler: module 'gone' (gone.py) is not in the package" },
        { "export without name", "name: demo\nversion: 1.0.0\nexports:\n  - handler: demo.greet\n", "exports[0].name is required" },
        { "ui.path outside the package", "name: demo\nversion: 1.0.0\nui:\n  path: ../web\n", "ui.path '../web' must be a folder inside the package" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Manifest_Invalid_Exits65NamingTheField(string scenario, string yaml, string expected)
    {
        var package = Package(yaml);

        var failure = await Assert.ThrowsAsync<BootFailureException>(() => RunAsync(package));

        Assert.Equal(ExitCodes.PackageInvalid, failure.ExitCode);
        Assert.Equal("manifest", failure.Check.Name);
        Assert.True(failure.Message.Contains(expected, StringComparison.Ordinal), $"{scenario}: '{failure.Message}' lacks '{expected}'");
    }

    [Fact]
    public async Task Manifest_YamlAnchorReusedByAlias_Exits65()
    {
        var package = Package("base: &b {python: '>=3.9'}\nname: demo\nversion: 1.0.0\nruntime: *b\n");

        var failure = await Assert.ThrowsAsync<BootFailureException>(() => RunAsync(package));

        Assert.Contains("anchors and aliases are not allowed", failure.Message);
    }

    [Fact]
    public async Task Manifest_SeveralProblems_AllReportedInOneFailure()
    {
        var package = Package("name: demo\nrest: {}\nui: {}\nentrypoint: missing.mod:run\n");

        var failure = await Assert.ThrowsAsync<BootFailureException>(() => RunAsync(package));

        Assert.Contains("version is required", failure.Message);
        Assert.Contains("rest.entry", failure.Message);
        Assert.Contains("ui.path is required", failure.Message);
        Assert.Contains("entrypoint: module 'missing.mod' (missing/mod.py)", failure.Message);
    }

    [Fact]
    public async Task Manifest_Valid_SetsManifestAndMarksChecksOk()
    {
        var package = Package("name: demo\nversion: 1.0.0\nentrypoint: demo:init\n");
        File.WriteAllText(Path.Combine(package, "demo.py"), "def init(): pass\n");
        var state = new BootState([]);
        var context = new BootContext { PackageDirectory = package };
        var agent = new RunningAgent();

        await new ManifestPhase(agent, state, NullLogger<ManifestPhase>.Instance).RunAsync(context, CancellationToken.None);

        Assert.Equal("demo", agent.Manifest?.Name);
        Assert.Equal("ok", state.Current.Checks["package"].Status);
        Assert.Equal("ok", state.Current.Checks["manifest"].Status);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A package with the given manifest and a "web" folder that has no index.html.</summary>
    private string Package(string yaml)
    {
        _dir.Write("pkg/web/app.js", "");
        return Path.GetDirectoryName(_dir.Write("pkg/agent.yaml", yaml))!;
    }

    private static Task RunAsync(string package) =>
        new ManifestPhase(new RunningAgent(), new BootState([]), NullLogger<ManifestPhase>.Instance).RunAsync(new BootContext { PackageDirectory = package }, CancellationToken.None);
}
