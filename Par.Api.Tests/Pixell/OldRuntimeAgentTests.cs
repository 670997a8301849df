using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Tests.Agents;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Pixell;

/// <summary>
/// Agents written for the old Python runtime import what it carried (fastapi, pydantic) without declaring it: they run
/// unmodified when the image provides the packages and VENV_SYSTEM_SITE_PACKAGES=true (the Dockerfile's
/// PYTHON_AGENT_BASE), and fail naming the module without.
/// </summary>
public sealed class OldRuntimeAgentTests
{
    private const string Agent = """
        from fastapi import FastAPI
        from pydantic import BaseModel


        class Greeting(BaseModel):
            name: str


        def greet(params):
            return {"greeting": "hello " + Greeting(**params).name}


        def create_service():
            return {"custom_handlers": {"greet": greet}}

        """;

    [Fact]
    public async Task UndeclaredImports_SystemSitePackages_RunUnmodified()
    {
        using var dir = new TempDirectory("pixell-old");
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("old-agent"), ("agent_main.py", Agent));
        await using var par = await PixellRuntime.StartReadyAsync(package);

        var request = new ActionRequest { Action = "greet" };
        request.Parameters["name"] = "pixell";
        var result = await PixellRuntime.Grpc(par).InvokeAsync(request);

        Assert.True(result.Success, result.Error);
        Assert.Equal("""{"greeting": "hello pixell"}""", result.Result);
    }

    [Fact]
    public async Task UndeclaredImports_IsolatedVenv_Exit70NamingTheModule()
    {
        using var dir = new TempDirectory("pixell-old");
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("old-agent"), ("agent_main.py", Agent));
        await using var par = PixellRuntime.Start(package, environment: new Dictionary<string, string?> { [EnvNames.VenvSystemSitePackages] = "false" });

        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(70, code);
        Assert.Contains("No module named 'fastapi'", par.Process.Stdout);
    }
}
