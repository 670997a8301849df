using System.Xml.Linq;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Operations;

/// <summary>SPEC §8's image, as far as reading the Dockerfile can tell (scripts/container-test.sh builds and runs it).</summary>
public sealed class DockerfileTests
{
    private readonly DockerfileModel _dockerfile = DockerfileModel.Load();

    [Fact]
    public void BaseImages_AreBuildArgumentsDefaultingToTheOfficialSdkAndRuntimeDepsImagesOfTheProjectsFramework()
    {
        var framework = (string)XDocument.Load(Path.Combine(TestPackages.RepositoryRoot, "Directory.Build.props"))
            .Descendants("TargetFramework").Single();
        var version = framework["net".Length..];

        var args = _dockerfile.Pairs("ARG");

        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{version}", args["SDK_IMAGE"]);
        Assert.Equal($"mcr.microsoft.com/dotnet/runtime-deps:{version}", args["RUNTIME_IMAGE"]);
        Assert.Equal(
            [$"${{SDK_IMAGE:-{args["SDK_IMAGE"]}}} AS build", $"${{RUNTIME_IMAGE:-{args["RUNTIME_IMAGE"]}}} AS runtime"],
            _dockerfile.All("FROM"));
    }

    [Fact]
    public void Expose_ListsTheSchemaDefaultPorts()
    {
        var exposed = _dockerfile.Single("EXPOSE").Split(' ').Select(int.Parse).Order();

        Assert.Equal(new[] { EnvNames.RestPort, EnvNames.A2aPort, EnvNames.UiPort }.Select(RepoFiles.DefaultInt).Order(), exposed);
    }

    [Fact]
    public void WorkDir_IsTheSchemaDefaultAVolumeAndHoldsHomeAndTemp()
    {
        var env = _dockerfile.Pairs("ENV");
        var workDir = RepoFiles.Default(EnvNames.ParWorkDir);

        Assert.Equal(workDir, env[EnvNames.ParWorkDir]);
        Assert.Equal([workDir], DockerfileModel.ExecForm(_dockerfile.Single("VOLUME")));
        Assert.StartsWith(workDir, env["HOME"], StringComparison.Ordinal);
        Assert.StartsWith(workDir, env["TMPDIR"], StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_RunsTheNativeExecutableAsUser10001UnderTiniWithTheHealthcheckCommandAndSigterm()
    {
        Assert.Equal("10001:10001", _dockerfile.Single("USER"));
        Assert.Equal(["/usr/bin/tini", "--", "/app/Par.Api"], DockerfileModel.ExecForm(_dockerfile.Single("ENTRYPOINT")));
        Assert.Equal(["/app/Par.Api", "healthcheck"], _dockerfile.HealthcheckCommand);
        Assert.Equal("SIGTERM", _dockerfile.Single("STOPSIGNAL"));
        Assert.Equal("/app", _dockerfile.All("WORKDIR").Last());
    }
}
