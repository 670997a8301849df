using Par.Api.Config;
using Par.Api.Lifecycle.Exit;

namespace Par.Api.Cli;

/// <summary>The commands of the runtime binary besides running (SPEC §1).</summary>
internal static class ParCommands
{
    private const string Usage = """
        usage: Par.Api [command]
          (no command)               run the runtime
          check-config               validate the environment and print the effective configuration
          --version                  print the runtime version
          --help                     print this list
          env-docs                   print the environment reference (docs/env.md)
          inspect PATH               validate an .apkg file or package directory and print a JSON summary
          healthcheck                exit 0 when http://127.0.0.1:$REST_PORT/health answers 200
          wheelhouse info|fill REQUIREMENTS|clear   manage WHEELHOUSE_DIR
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        switch (args[0])
        {
            case "check-config" when args.Length == 1:
                return CheckConfig(stdout, stderr);
            case "env-docs" when args.Length == 1:
                stdout.Write(EnvDocs.Render(EnvSchema.Instance));
                return ExitCodes.Ok;
            case "inspect" when args.Length == 2:
                return InspectCommand.Run(args[1], stdout);
            case "healthcheck" when args.Length == 1:
                return HealthcheckCommand.Run(EnvSnapshot.FromProcess(), stderr);
            case "wheelhouse":
                return await WheelhouseCommand.RunAsync(args[1..], EnvSnapshot.FromProcess(), stdout, stderr);
            case "--version" or "version" when args.Length == 1:
                stdout.WriteLine(Version());
                return ExitCodes.Ok;
            case "-h" or "--help" or "help":
                stdout.WriteLine(Usage);
                return ExitCodes.Ok;
            default:
                stderr.WriteLine($"unknown command or arguments: {string.Join(' ', args)}");
                stderr.WriteLine(Usage);
                return ExitCodes.Usage;
        }
    }

    private static int CheckConfig(TextWriter stdout, TextWriter stderr)
    {
        var config = ConfigLoader.Load(EnvSnapshot.FromProcess());
        var errors = config.Errors.Concat(MissingLocalPackage(config.Snapshot)).ToList();
        ConfigReport.WriteCheck(config, errors, stdout, stderr);
        return errors.Count == 0 ? ExitCodes.Ok : ExitCodes.ConfigInvalid;
    }

    /// <summary>SPEC §1: check-config fetches nothing, but a local package that is not there is an error.</summary>
    private static IEnumerable<ConfigError> MissingLocalPackage(EnvSnapshot snapshot)
    {
        var path = snapshot.Raw(EnvNames.AgentPackagePath)?.Trim();
        if (!string.IsNullOrEmpty(path) && !File.Exists(path) && !Directory.Exists(path))
        {
            yield return new ConfigError(EnvNames.AgentPackagePath, path, "names no file or directory");
        }
    }

    /// <summary>"par 0.1.0+commit (.NET 10.0.x)": PAR's version (as /meta shows it) and the runtime it runs on.</summary>
    private static string Version() => $"par {RuntimeVersion.Value} (.NET {Environment.Version})";
}
