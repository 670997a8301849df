using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Cli;

public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_TwoConfigErrors_PrintsBothAndExits78WithoutListening()
    {
        var restPort = TestPorts.Next();
        await using var par = ParProcess.Start(ParEnvironment.For("")
            .With(EnvNames.RestPort, "0")
            .With(EnvNames.A2aPort, restPort)
            .Package("/tmp"));

        await BootFailure.AssertExitAsync(par, 78, inStderr: "AGENT_APP_ID=\"\": must not be blank", timeout: TimeSpan.FromSeconds(30));

        Assert.Contains("REST_PORT=\"0\": must be between 1 and 65535", par.Stderr);
        Assert.Contains("\"event\":\"config.invalid\"", par.Stdout);
        Assert.False(await TestPorts.AcceptsAsync(restPort), $"something listens on {restPort}");
    }

    [Theory]
    [InlineData(EnvNames.BootBudgetMs, "9223372036854775807")]
    [InlineData(EnvNames.MaxExtractedSizeMb, "9223372036854775807")]
    [InlineData(EnvNames.MinFreeMemoryMb, "17592186044416")]
    public async Task Run_IntegerBeyondItsMaximum_Exits78NamingTheVariable(string variable, string value)
    {
        using var work = new TempDirectory();
        await using var par = ParProcess.Start(ParEnvironment.For("agent-1")
            .FreePorts()
            .Package(work.Path)
            .WorkDirAt(work.Combine("work"))
            .With(variable, value));

        await BootFailure.AssertExitAsync(par, 78, inStderr: $"{variable}=\"{value}\": must be between", timeout: TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task CheckConfig_Valid_PrintsEffectiveConfigurationAndExits0()
    {
        await using var par = ParProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "agent-1",
            [EnvNames.PackageUrl] = "https://packages.example.com/a.apkg?X-Amz-Signature=supersecret",
        }, "check-config");

        var code = await par.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        Assert.Contains("\"REST_PORT\": \"8080\"", par.Stdout);
        Assert.Contains("https://packages.example.com/a.apkg?[REDACTED]", par.Stdout);
        Assert.DoesNotContain("supersecret", par.Stdout + par.Stderr);
    }

    [Fact]
    public async Task CheckConfig_Invalid_ListsErrorsAndExits78()
    {
        await using var par = ParProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "agent-1",
            [EnvNames.AgentPackagePath] = "/tmp",
            [EnvNames.Multiplexed] = "maybe",
        }, "check-config");

        await BootFailure.AssertExitAsync(par, 78, inStderr: "MULTIPLEXED=\"maybe\"", timeout: TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task UnknownCommand_Exits64WithUsage()
    {
        await using var par = ParProcess.Start(new Dictionary<string, string?>(), "frobnicate");

        await BootFailure.AssertExitAsync(par, 64, inStderr: "usage:", timeout: TimeSpan.FromSeconds(30));
    }
}
