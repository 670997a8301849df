using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;
using Par.Api.Tests.Packages;

namespace Par.Api.Tests.Agents.Worker;

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
    public async Task Pip_RequirementsReadingProcEnviron_NoCredentialInTheLog()
    {
        using var dir = new TempDirectory();
        var wheelhouse = Directory.CreateDirectory(dir.Combine("wheelhouse")).FullName;
        var package = AgentPackages.Write(dir, AgentPackages.A2aManifest("environ-dump"),
            ("requirements.txt", "-r /proc/self/environ\n"), ("agent_main.py", "def create_service():\n    return {}\n"));
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = package,
            [EnvNames.WheelhouseDir] = wheelhouse,
            [EnvNames.WheelhouseOffline] = "true",
            ["AWS_SECRET_ACCESS_KEY"] = AwsSecret,
            ["AWS_ACCESS_KEY_ID"] = AwsKeyId,
            ["PAR_TEST_DB_PASSWORD"] = DbPassword,
        });

        var code = await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(180));

        Assert.Equal(70, code);
        Assert.Contains("\"event\":\"agent.install.output\"", par.Process.Stdout);
        Assert.Contains("PAR_TEST_DB_PASSWORD=[REDACTED]", par.Process.Stdout); // pip did print its environment
        foreach (var secret in new[] { AwsSecret, AwsKeyId, DbPassword })
        {
            Assert.DoesNotContain(secret, par.Process.Stdout + par.Process.Stderr);
        }
    }

    private const string EnvironmentApp = """
        import json
        import os

        NAMES = ["PACKAGE_URL", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "AWS_REGION", "AGENT_DB_PASSWORD"]


        async def app(scope, receive, send):
            if scope["type"] == "lifespan":
                while True:
                    message = await receive()
                    if message["type"] == "lifespan.startup":
                        await send({"type": "lifespan.startup.complete"})
                    elif message["type"] == "lifespan.shutdown":
                        await send({"type": "lifespan.shutdown.complete"})
                        return
            body = json.dumps({name: os.environ.get(name) for name in NAMES}).encode()
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        """;
}
