using Par.Api.Config;

namespace Par.Api.Tests.Config;

/// <summary>Builds environments for configuration tests: valid by default, changed per test.</summary>
internal static class ConfigTestEnv
{
    public static Dictionary<string, string?> Valid() => new()
    {
        [EnvNames.AgentAppId] = "agent-1",
        [EnvNames.AgentPackagePath] = "/tmp/pkg",
    };

    public static ConfigResult Load(params (string Name, string? Value)[] changes)
    {
        var env = Valid();
        foreach (var (name, value) in changes)
        {
            env[name] = value;
        }

        return ConfigLoader.Load(env.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
    }

    public static IReadOnlyList<ConfigError> ErrorsFor(ConfigResult result, string variable) =>
        result.Errors.Where(e => e.Variable == variable).ToList();
}
