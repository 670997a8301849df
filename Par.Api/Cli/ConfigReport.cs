using System.Text.Json;
using Par.Api.Config;

namespace Par.Api.Cli;

/// <summary>Prints the outcome of configuration loading: every error at once, or the effective configuration.</summary>
internal static class ConfigReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A JSON line for log collectors on stdout, and the same errors for people on stderr.</summary>
    public static void WriteInvalid(ConfigResult config, TextWriter stdout, TextWriter stderr)
    {
        var line = new Dictionary<string, object?>
        {
            ["ts"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ["level"] = "fatal",
            ["event"] = "config.invalid",
            ["message"] = $"Configuration invalid: {config.Errors.Count} error(s); exiting with 78",
            ["agentAppId"] = config.Snapshot.Raw(EnvNames.AgentAppId),
            ["deploymentId"] = config.Snapshot.Raw(EnvNames.DeploymentId),
            ["errors"] = config.Errors.Select(e => new { variable = e.Variable, value = e.Value, rule = e.Rule }),
        };
        stdout.WriteLine(JsonSerializer.Serialize(line));
        stderr.WriteLine($"PAR configuration is invalid ({config.Errors.Count} error(s)):");
        foreach (var error in config.Errors)
        {
            stderr.WriteLine($"  {error}");
        }
    }

    public static void WriteEffective(ConfigResult config, TextWriter stdout) =>
        stdout.WriteLine(JsonSerializer.Serialize(ConfigLoader.Effective(config.Snapshot), Indented));
}
