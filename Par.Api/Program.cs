using Par.Api;
using Par.Api.Cli;
using Par.Api.Config;
using Par.Api.Lifecycle;
using Par.Api.Lifecycle.Exit;

if (args.Length > 0)
{
    return await ParCommands.RunAsync(args, Console.Out, Console.Error);
}

ConfigResult config;
try
{
    // One read of the environment: the socket switch first (before any socket exists), then the configuration.
    var environment = EnvSnapshot.Inherited();
    SocketCompletions.Apply(environment, Environment.SetEnvironmentVariable);
    config = ConfigLoader.Load(EnvSnapshot.From(environment));
}
catch (Exception e)
{
    // Last resort (SPEC §1): a failure while reading the configuration is a configuration failure, never a crash.
    Console.Error.WriteLine($"configuration could not be read ({e.GetType().Name}): {e.Message}");
    return ExitCodes.ConfigInvalid;
}

if (!config.IsValid)
{
    ConfigReport.WriteInvalid(config.Snapshot, config.Errors, Console.Out, Console.Error);
    return ExitCodes.ConfigInvalid;
}

return await RuntimeRun.RunAsync(config, ParApp.Create);
