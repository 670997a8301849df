using System.Reflection;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Cli;

/// <summary>SPEC §1: check-config prints the values PAR will use, the warnings and every error; --version, --help.</summary>
public sealed class CheckConfigCommandTests
{
    [Fact]
    public async Task CheckConfig_RawValues_PrintsTheEffectiveConfiguration()
    {
        using var package = new TempDirectory();
        var (code, output, _) = await CheckConfigAsync(new()
        {
            [EnvNames.AgentAppId] = "x",
            [EnvNames.AgentPackagePath] = package.Path,
            [EnvNames.BasePath] = " agents/{AGENT_APP_ID}/ ",
            [EnvNames.Multiplexed] = "YES",
            [EnvNames.RestPort] = " 8081 ",
            [EnvNames.LogLevel] = "debug",
            [EnvNames.PackagePublicKey] = "/etc/par/cosign.pub",
            [EnvNames.PackageSignature] = "MEUCIQDsecretsignature==",
        });

        Assert.Equal(0, code);
        var root = output.RootElement;
        Assert.True(root.GetProperty("valid").GetBoolean());
        var configuration = root.GetProperty("configuration");
        Assert.Equal("/agents/x", configuration.GetProperty(EnvNames.BasePath).GetString());
        Assert.Equal("true", configuration.GetProperty(EnvNames.Multiplexed).GetString());
        Assert.Equal("8081", configuration.GetProperty(EnvNames.RestPort).GetString());
        Assert.Equal("50051", configuration.GetProperty(EnvNames.A2aPort).GetString());
        Assert.Equal("Debug", configuration.GetProperty(EnvNames.LogLevel).GetString());
        Assert.Equal("enforce", configuration.GetProperty(EnvNames.SignaturePolicy).GetString());
        Assert.Equal("[REDACTED]", configuration.GetProperty(EnvNames.PackageSignature).GetString());
        Assert.Equal(0, root.GetProperty("warnings").GetArrayLength());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task CheckConfig_NoKey_SignaturePolicyOffAndSignatureNeverPrinted()
    {
        using var package = new TempDirectory();
        var (code, output, stderr) = await CheckConfigAsync(new()
        {
            [EnvNames.AgentAppId] = "x",
            [EnvNames.AgentPackagePath] = package.Path,
            [EnvNames.PackageSignature] = "MEUCIQDsecretsignature==",
        });

        Assert.Equal(0, code);
        Assert.Equal("off", output.RootElement.GetProperty("configuration").GetProperty(EnvNames.SignaturePolicy).GetString());
        Assert.DoesNotContain("secretsignature", output.RootElement.GetRawText() + stderr);
    }

    [Fact]
    public async Task CheckConfig_LongDrain_ListsTheWarningConfigLoadedLogs()
    {
        using var package = new TempDirectory();
        var (code, output, stderr) = await CheckConfigAsync(new()
        {
            [EnvNames.AgentAppId] = "x",
            [EnvNames.AgentPackagePath] = package.Path,
            [EnvNames.ShutdownDelaySec] = "20",
            [EnvNames.GracefulShutdownTimeoutSec] = "20",
        });

        Assert.Equal(0, code);
        var warning = Assert.Single(output.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal("config.stop_timeout_risk", warning.GetProperty("event").GetString());
        Assert.Contains("40 s exceeds", warning.GetProperty("message").GetString());
        Assert.Contains("warning: SHUTDOWN_DELAY_SEC", stderr);
    }

    [Fact]
    public async Task CheckConfig_Errors_ListsEveryErrorWithTheEffectiveRestAndExits78()
    {
        var (code, output, stderr) = await CheckConfigAsync(new()
        {
            [EnvNames.AgentAppId] = "x",
            [EnvNames.AgentPackagePath] = "/nonexistent/agent.apkg",
            [EnvNames.RestPort] = "0",
            [EnvNames.BasePath] = "/a/../b",
        });

        Assert.Equal(78, code);
        var root = output.RootElement;
        Assert.False(root.GetProperty("valid").GetBoolean());
        var variables = root.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("variable").GetString()).Order().ToList();
        Assert.Equal([EnvNames.AgentPackagePath, EnvNames.BasePath, EnvNames.RestPort], variables);
        Assert.Equal("50051", root.GetProperty("configuration").GetProperty(EnvNames.A2aPort).GetString());
        Assert.Contains("AGENT_PACKAGE_PATH=\"/nonexistent/agent.apkg\": names no file or directory", stderr);
    }

    [Fact]
    public async Task Version_PrintsTheRuntimeVersionAndExits0()
    {
        await using var par = ParProcess.Start(new Dictionary<string, string?>(), "--version");

        Assert.Equal(0, await par.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        // The informational version ("0.1.0+commit"): the one /meta, DescribeCapabilities and Swagger show.
        var version = typeof(ParOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.StartsWith($"par {version} (.NET ", par.Stdout);
        Assert.Contains(".NET", par.Stdout);
    }

    [Fact]
    public async Task Help_ListsTheCommandsAndExits0()
    {
        await using var par = ParProcess.Start(new Dictionary<string, string?>(), "--help");

        Assert.Equal(0, await par.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.All(["check-config", "--version", "env-docs", "inspect PATH", "healthcheck", "wheelhouse"],
            command => Assert.Contains(command, par.Stdout));
    }

    private static async Task<(int Code, JsonDocument Output, string Stderr)> CheckConfigAsync(Dictionary<string, string?> environment)
    {
        await using var par = ParProcess.Start(environment, "check-config");
        var code = await par.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (code, JsonDocument.Parse(par.Stdout), par.Stderr);
    }
}
