using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Config;

/// <summary>Builds environments for configuration tests: valid by default, changed per test.</summary>
internal static class ConfigTestEnv
{
    public static ParEnvironment Valid() => ParEnvironment.For("agent-1").Package("/tmp/pkg");

    public static ConfigResult Load(params (string Name, string? Value)[] changes) =>
        changes.Aggregate(Valid(), (env, change) => env.With(change.Name, change.Value)).Load();

    public static IReadOnlyList<ConfigError> ErrorsFor(ConfigResult result, string variable) =>
        result.Errors.Where(e => e.Variable == variable).ToList();
}
