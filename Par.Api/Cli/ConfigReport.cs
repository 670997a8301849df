using Par.Api.Config;

namespace Par.Api.Cli;

/// <summary>Prints the outcome of configuration loading: every error at once, or the effective configuration.</summary>
internal static class ConfigReport
{
    /// <summary>A JSON line for log collectors on stdout, and the same errors for people on stderr.</summary>
    public static void WriteInvalid(EnvSnapshot snapshot, IReadOnlyList<ConfigError> errors, TextWriter stdout, TextWriter stderr)
    {
        var line = new ConfigInvalidLine(
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            "fatal",
            "config.invalid",
            $"Configuration invalid: {errors.Count} error(s); exiting with 78",
            snapshot.Raw(EnvNames.AgentAppId),
            snapshot.Raw(EnvNames.DeploymentId),
            errors);
        stdout.WriteLine(CliJson.Write(line, CliJson.Default.ConfigInvalidLine));
        WriteErrors(errors, stderr);
    }

    /// <summary>check-config: one JSON document on stdout; the errors again, one per line, on stderr.</summary>
    public static void WriteCheck(ConfigResult config, IReadOnlyList<ConfigError> errors, TextWriter stdout, TextWriter stderr)
    {
        var warnings = config.Options is { } options && errors.Count == 0 ? ConfigWarnings.For(options) : [];
        var output = new CheckConfigOutput(errors.Count == 0, ConfigLoader.Effective(config.Snapshot), warnings, errors);
        stdout.WriteLine(CliJson.Write(output, CliJson.Default.CheckConfigOutput, indented: true));
        foreach (var warning in warnings)
        {
            stderr.WriteLine($"warning: {warning.Message}");
        }

        if (errors.Count > 0)
        {
            WriteErrors(errors, stderr);
        }
    }

    private static void WriteErrors(IReadOnlyList<ConfigError> errors, TextWriter stderr)
    {
        stderr.WriteLine($"PAR configuration is invalid ({errors.Count} error(s)):");
        foreach (var error in errors)
        {
            stderr.WriteLine($"  {error}");
        }
    }
}
