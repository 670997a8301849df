using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;
using Par.Api.Tests.Packages;

namespace Par.Api.Tests.Agents.Runtimes.Python;

/// <summary>SPEC §5: PAR's credentials are not the agent's, nor pip's; files with expanded values are 0600.</summary>
public sealed class WorkerSecretsTests
{
    private const string AwsSecret = "awssecretvalue123";
    private const string AwsKeyId = "AKIATESTKEYID";
    private const string DbPassword = "dbpasswordvalue9";

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Worker_PackageFromPresignedUrl_InheritsNeitherTheUrlNorAwsCredentialsAndSpecIs0600()
    {
        using var dir = new TempDirectory();
        using var server = HttpsPackageServer.Start();
        var apkg = TestZips.Build(dir.Combine("env-agent.apkg"),
            ZipItem.Text("agent.yaml", "name: env-agent\nversion: 1.0.0\nhttp_server: \"app:app\"\nenvironment:\n  AGENT_DB_PASSWORD: \"${PAR_TEST_DB_PASSWORD:-none}\"\n"),
            ZipItem.Text("app.py", EnvironmentApp));
        server.Serve("/agent.apkg", File.ReadAllBytes(apkg));
        var environment = server.Environment("/agent.apkg?X-Amz-Signature=presignedsig");
        environment["AWS_SECRET_ACCESS_KEY"] = AwsSecret;
        environment["AWS_ACCESS_KEY_ID"] = AwsKeyId;
        environment["AWS_SESSION_TOKEN"] = "sessiontokenvalue";
        environment["AWS_REGION"] = "eu-west-1";
        environment["PAR_TEST_DB_PASSWORD"] = DbPassword;
        await using var par = RuntimeProcess.Start(environment);
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        var seen = JsonDocument.Parse(await par.Rest.GetStringAsync("/env")).RootElement;
        var mode = File.GetUnixFileMode(Path.Combine(par.WorkDir, "worker-spec.json"));

        foreach (var withheld in new[] { "PACKAGE_URL", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN" })
        {
            Assert.Equal(JsonValueKind.Null, seen.GetProperty(withheld).ValueKind);
        }

        Assert.Equal("eu-west-1", seen.GetProperty("AWS_REGION").GetString());
        Assert.Equal(DbPassword, seen.GetProperty("AGENT_DB_PASSWORD").GetString()); // the manifest's own mapping is the agent's
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task Worker_ManifestMapsWithheldVariables_ExpandsThemAsUnsetInSpecAndEnvironment()
    {
        using var dir = new TempDirectory();
        using var server = HttpsPackageServer.Start();
        var apkg = TestZips.Build(dir.Combine("env-agent.apkg"),
            ZipItem.Text("agent.yaml", "name: env-agent\nversion: 1.0.0\nhttp_server: \"app:app\"\nenvironment:\n"
                + "  AGENT_URL: \"${PACKAGE_URL}\"\n  AGENT_SECRET: \"${AWS_SECRET_ACCESS_KEY:-withheld}\"\n"
                + "  AGENT_KEY_ID: \"id=${AWS_ACCESS_KEY_ID}\"\n  AGENT_REGION: \"${AWS_REGION:-none}\"\n"),
            ZipItem.Text("app.py", EnvironmentApp));
        server.Serve("/agent.apkg", File.ReadAllBytes(apkg));
        var environment = server.Environment("/agent.apkg?X-Amz-Signature=presignedsig");
        environment["AWS_SECRET_ACCESS_KEY"] = AwsSecret;
        environment["AWS_ACCESS_KEY_ID"] = AwsKeyId;
        environment["AWS_REGION"] = "eu-west-1";
        await using var par = RuntimeProcess.Start(environment);
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        var seen = JsonDocument.Parse(await par.Rest.GetStringAsync("/env")).RootElement;
        var spec = await File.ReadAllTextAsync(Path.Combine(par.WorkDir, "worker-spec.json"));

        Assert.Equal(string.Empty, seen.GetProperty("AGENT_URL").GetString());
        Assert.Equal("withheld", seen.GetProperty("AGENT_SECRET").GetString());
        Assert.Equal("id=", seen.GetProperty("AGENT_KEY_ID").GetString());
        Assert.Equal("eu-west-1", seen.GetProperty("AGENT_REGION").GetString()); // what the worker inherits still expands
        foreach (var secret in new[] { AwsSecret, AwsKeyId, "presignedsig" })
        {
            Assert.DoesNotContain(secret, spec);
            Assert.DoesNotContain(secret, seen.GetRawText());
        }
    }

    [Fact]
    public async Task Pip_RequirementsReadingProcEnviron_NoCredentialInTheLog()
    {
        var par = await RunPipAsync(("requirements.txt", "-r /proc/self/environ\n"));

        Assert.Contains("\"event\":\"agent.install.output\"", par.Stdout);
        AssertNoSecret(par);
    }

    [Fact]
    public async Task Pip_BuildBackendPrintsItsEnvironment_NoAwsVariableAndSecretsMasked()
    {
        var par = await RunPipAsync(
            ("requirements.txt", "./probe\n"),
            ("probe/pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\".\"]\n"),
            ("probe/backend.py", EnvironmentBackend));

        Assert.Contains($"pip environment: AWS_SECRET_ACCESS_KEY=None AWS_ACCESS_KEY_ID=None PAR_TEST_DB_PASSWORD={Redacted}", par.Stdout);
        AssertNoSecret(par);
    }

    private const string Redacted = "[REDACTED]";

    /// <summary>A package whose dependency install fails after pip ran the given files, with PAR's credentials set.</summary>
    private static async Task<ParProcess> RunPipAsync(params (string Path, string Content)[] files)
    {
        var dir = new TempDirectory();
        var wheelhouse = Directory.CreateDirectory(dir.Combine("wheelhouse")).FullName;
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("environ-dump"),
            [("agent_main.py", "def create_service():\n    return {}\n"), .. files]);
        var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.WheelhouseDir] = wheelhouse,
            [EnvNames.WheelhouseOffline] = "true",
            ["AWS_SECRET_ACCESS_KEY"] = AwsSecret,
            ["AWS_ACCESS_KEY_ID"] = AwsKeyId,
            ["PAR_TEST_DB_PASSWORD"] = DbPassword,
        });
        await using (par)
        {
            try
            {
                Assert.Equal(70, await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(180)));
                Assert.Contains("pip install failed", par.Process.Stdout);
                return par.Process;
            }
            finally
            {
                dir.Dispose();
            }
        }
    }

    private static void AssertNoSecret(ParProcess par)
    {
        foreach (var secret in new[] { AwsSecret, AwsKeyId, DbPassword })
        {
            Assert.DoesNotContain(secret, par.Stdout + par.Stderr);
        }
    }

    /// <summary>A PEP 517 backend in the package itself (nothing to install first) that shows pip's environment, then fails.</summary>
    private const string EnvironmentBackend = """
        import os


        def _show(*_args, **_kwargs):
            names = ["AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "PAR_TEST_DB_PASSWORD"]
            print("pip environment: " + " ".join("%s=%s" % (n, os.environ.get(n)) for n in names), flush=True)
            raise SystemExit(1)


        get_requires_for_build_wheel = _show
        prepare_metadata_for_build_wheel = _show
        build_wheel = _show

        """;

    private static readonly string EnvironmentApp = FixtureAgents.AsgiApp(
        """
        import json
        import os

        NAMES = [
            "PACKAGE_URL", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "AWS_REGION", "AGENT_DB_PASSWORD",
            "AGENT_URL", "AGENT_SECRET", "AGENT_KEY_ID", "AGENT_REGION",
        ]
        """,
        """
        body = json.dumps({name: os.environ.get(name) for name in NAMES}).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
        """);
}
