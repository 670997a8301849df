using Par.Api.Agents.Manifest;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Manifest;

/// <summary>Manifests PAR accepts, in the shapes pixell-kit has written over time.</summary>
public sealed class ManifestLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("par-manifest");

    [Fact]
    public void Load_VersionOnlyInMetadata_AcceptedWithThatVersion()
    {
        var result = Load("name: demo\nmetadata:\n  version: 2.3.4\n");

        Assert.Empty(result.Errors);
        Assert.Equal("2.3.4", result.Manifest!.Version);
    }

    [Fact]
    public void Load_ThreeSurfaceForm_AcceptedWithEverySurface()
    {
        Write("app/__init__.py", "");
        Write("app/handlers.py", "");
        Write("app/web.py", "");
        Write("web/dist/index.html", "<html></html>");
        var result = Load("""
            name: three-surfaces
            version: 1.0.0
            entrypoint: app.handlers:init
            a2a:
              entry: app.handlers:service
            rest:
              entry: app.web:mount
            ui:
              path: ./web/dist
              basePath: /ui
            """);

        Assert.Empty(result.Errors);
        Assert.True(result.Manifest!.DeclaresRest && result.Manifest.DeclaresA2a && result.Manifest.DeclaresUi);
        Assert.Equal("app.handlers:service", result.Manifest.A2a!.Service);
    }

    [Fact]
    public void Load_OlderExportsForm_AcceptedWithEachHandler()
    {
        Write("src/__init__.py", "");
        Write("src/main.py", "");
        var result = Load("""
            name: exports-agent
            version: 0.1.0
            exports:
              - name: greet
                handler: src.main.greet
              - name: shout
                handler: src.main:shout
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(["greet", "shout"], result.Manifest!.Exports.Select(e => e.Name));
        Assert.True(result.Manifest.DeclaresA2a);
    }

    [Theory]
    [InlineData("runtime: python3.12", "python3.12")]
    [InlineData("runtime:\n  python: \">=3.9\"", "{\"python\":\">=3.9\"}")]
    public void Load_RuntimeAsStringOrMap_Accepted(string runtime, string expected)
    {
        var result = Load($"name: demo\nversion: 1.0.0\n{runtime}\n");

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Manifest!.Runtime);
    }

    [Fact]
    public void Load_UnknownFields_KeptForMeta()
    {
        var result = Load("name: demo\nversion: 1.0.0\npricing:\n  tier: free\nhomepage: https://example.com\n");

        Assert.Empty(result.Errors);
        Assert.Equal("https://example.com", result.Manifest!.Extra["homepage"]);
        Assert.True(result.Manifest.Extra.ContainsKey("pricing"));
    }

    [Fact]
    public void Load_SampleAgent_Accepted()
    {
        var result = ManifestLoader.Load(TestPackages.SampleAgent);

        Assert.Empty(result.Errors);
        Assert.Equal("sample-agent", result.Manifest!.Name);
    }

    public void Dispose() => _dir.Dispose();

    private void Write(string relative, string content) => _dir.Write(Path.Combine("pkg", relative), content);

    private ManifestResult Load(string yaml)
    {
        Write("agent.yaml", yaml);
        return ManifestLoader.Load(_dir.Combine("pkg"));
    }
}
