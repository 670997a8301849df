using Par.Api.Config;
using Par.Api.Lifecycle;

namespace Par.Api.Cli;

/// <summary>The commands of the runtime binary besides running (SPEC §1).</summary>
internal static class ParCommands
{
    private const string Usage = """
        usage: Par.Api [command]
          (no command)               run the runtime
          check-config               validate the environment and print the effective configuration
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
                return await HealthcheckCommand.RunAsync(EnvSnapshot.FromProcess(), stderr);
            case "wheelhouse":
                return await WheelhouseCommand.RunAsync(args[1..], EnvSnapshot.FromProcess(), stdout, stderr);
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
        ConfigReport.WriteEffective(config, stdout);
        if (config.IsValid)
        {
            return ExitCodes.Ok;
        }

        ConfigReport.WriteInvalid(config, stdout, stderr);
        return ExitCodes.ConfigInvalid;
    }
}
