using Microsoft.Extensions.Logging.Console;
using Par.Api.Config;

namespace Par.Api.Logging;

internal static class LoggingExtensions
{
    public static IHostApplicationBuilder AddParLogging(this IHostApplicationBuilder builder, ParOptions options)
    {
        builder.Services.AddHostedService<ListeningLog>();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(options.Logging.Level);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Off entirely: while any level of it is on, ASP.NET Core starts an Activity and a log scope for every
        // request (and HttpClient then stamps a traceparent on the calls to the worker), which no one reads here.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        // Every failed readiness probe would otherwise log an error while booting.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // PAR's own provider (LineLoggerProvider): the console logger's thread and one write per line cost half of
        // PAR's CPU per call with the access log on. The formatters are still console formatters, made here, without
        // the configuration binding AddConsoleFormatter<,> does by reflection (PAR configures logging from its
        // environment only).
        if (options.Logging.Format == LogFormat.Json)
        {
            builder.Services.AddSingleton<ConsoleFormatter, JsonLineFormatter>();
            builder.Services.Configure<JsonLineFormatterOptions>(o =>
            {
                o.AgentAppId = options.AgentAppId;
                o.DeploymentId = options.DeploymentId;
            });
        }
        else
        {
            builder.Services.AddSingleton<ConsoleFormatter, TextLineFormatter>();
        }

        builder.Services.AddSingleton<ILoggerProvider>(services =>
            new LineLoggerProvider(services.GetRequiredService<ConsoleFormatter>(), LogOutput.Stdout()));
        return builder;
    }
}
