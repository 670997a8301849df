using Par.Api.Config;

namespace Par.Api.Tests.Infrastructure;

/// <summary>Runtime options for exercising one boot phase on its own, loaded through the real configuration code.</summary>
internal static class TestOptions
{
    public static ParOptions Load(string workDir, IDictionary<string, string?>? changes = null)
    {
        var env = new Dictionary<string, string?>
        {
            [EnvNames.AgentAppId] = "test-agent",
            [EnvNames.AgentPackagePath] = Path.Combine(workDir, "unused.apkg"),
            [EnvNames.ParWorkDir] = workDir,
        };
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        var config = ConfigLoader.Load(env);
        return config.Options ?? throw new InvalidOperationException("test configuration invalid: " + string.Join("; ", config.Errors));
    }
}
