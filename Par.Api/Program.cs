using Par.Api;
using Par.Api.Cli;
using Par.Api.Config;
using Par.Api.Lifecycle;

if (args.Length > 0)
{
    return await ParCommands.RunAsync(args, Console.Out, Console.Error);
}

var config = ConfigLoader.Load(EnvSnapshot.FromProcess());
if (!config.IsValid)
{
    ConfigReport.WriteInvalid(config.Snapshot, config.Errors, Console.Out, Console.Error);
    return ExitCodes.ConfigInvalid;
}

var app = ParApp.Create(config, new ProcessExit());
return await ParApp.RunAsync(app);
