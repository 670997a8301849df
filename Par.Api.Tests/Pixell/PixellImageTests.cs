using Par.Api.Config;
using Par.Api.Tests.Operations;

namespace Par.Api.Tests.Pixell;

/// <summary>
/// The image's opt-in base set for agents written for the old Python runtime (they import fastapi, grpc and pydantic
/// without declaring them): off by default, and when on, installed and visible to every agent venv.
/// </summary>
public sealed class PixellImageTests
{
    private readonly DockerfileModel _dockerfile = DockerfileModel.Load();

    [Fact]
    public void PythonAgentBase_OffByDefault_InstallsTheRuntimesSetAndTurnsOnSystemSitePackages()
    {
        var install = Assert.Single(_dockerfile.All("RUN"), r => r.Contains("python3-fastapi", StringComparison.Ordinal));

        Assert.Equal("false", _dockerfile.Pairs("ARG")["PYTHON_AGENT_BASE"]);
        Assert.Equal("${PYTHON_AGENT_BASE}", _dockerfile.Pairs("ENV")[EnvNames.VenvSystemSitePackages]);
        Assert.StartsWith("if [ \"$PYTHON_AGENT_BASE\" = \"true\" ]; then", install, StringComparison.Ordinal);
        Assert.All(["python3-fastapi", "python3-uvicorn", "python3-pydantic", "python3-grpcio", "python3-protobuf"],
            package => Assert.Contains(" " + package + " ", install + " ", StringComparison.Ordinal));
        var runtimeStage = _dockerfile.Instructions.SkipWhile(i => !(i.Keyword == "FROM" && i.Arguments.EndsWith("AS runtime", StringComparison.Ordinal))).ToList();
        Assert.True(runtimeStage.FindIndex(i => i.Arguments == install) < runtimeStage.FindIndex(i => i.Keyword == "USER"), "installed as root, before USER");
    }
}
