using Par.Api.Agents.Manifest;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Pixell;

/// <summary>The manifest forms and package layouts of the pixell builders, accepted as they are written.</summary>
public sealed class PixellLayoutTests
{
    [Theory]
    [InlineData("dist/ui/index.html", "dist/ui")]
    [InlineData("dist/web/app/index.html", "dist/web/app")]
    [InlineData("web/app/index.html", "web/app")]
    public void UiPath_MissingButUnderDist_ServedFromThere(string indexFile, string served)
    {
        using var dir = new TempDirectory("pixell-layout");
        dir.Write("pkg/agent.yaml", "name: demo\nversion: 1.0.0\nui:\n  path: web/app\n");
        dir.Write("pkg/" + indexFile, "<h1>ui</h1>");

        var result = ManifestLoader.Load(dir.Combine("pkg"));

        Assert.True(result.IsValid, result.Summary);
        Assert.Equal(served, result.Manifest!.Ui!.Path);
    }

    [Fact]
    public void UiPath_NowhereInThePackage_RefusedNamingDist()
    {
        using var dir = new TempDirectory("pixell-layout");
        dir.Write("pkg/agent.yaml", "name: demo\nversion: 1.0.0\nui:\n  path: ui\n");
        dir.Write("pkg/dist/rest/index.py", "");

        var result = ManifestLoader.Load(dir.Combine("pkg"));

        Assert.Equal(["ui.path: folder 'ui' is not in the package (nor under dist/, where pixell-kit's builder puts it)"], result.Errors);
    }

    [Fact]
    public void A2aHttpServer_IsTheFactory()
    {
        using var dir = new TempDirectory("pixell-layout");
        dir.Write("pkg/agent.yaml", "name: demo\nversion: 1.0.0\na2a:\n  http_server: src.agent:create\n");
        dir.Write("pkg/src/agent.py", "def create():\n    return None\n");

        var result = ManifestLoader.Load(dir.Combine("pkg"));

        Assert.True(result.IsValid, result.Summary);
        Assert.Equal("src.agent:create", result.Manifest!.A2a!.Service);
        Assert.False(result.Manifest.EntrypointOnly);
    }

    [Theory]
    [InlineData("name: demo\nversion: 1.0.0\nentrypoint: src.main:main\n", true)]
    [InlineData("name: demo\nversion: 1.0.0\nentrypoint: src.main:main\nui:\n  path: ui\n", false)]
    [InlineData("name: demo\nversion: 1.0.0\nentrypoint: src.main:main\nhttp_server: src.main:app\n", false)]
    [InlineData("name: demo\nversion: 1.0.0\nentrypoint: src.main:main\nexports:\n  - name: a\n    handler: src.main.a\n", false)]
    public void EntrypointOnly_OnlyWhenNoSurfaceIsDeclared(string yaml, bool entrypointOnly) =>
        Assert.Equal(entrypointOnly, ManifestReader.Parse(yaml).EntrypointOnly);
}
