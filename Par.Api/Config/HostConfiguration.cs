using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Json;

namespace Par.Api.Config;

/// <summary>
/// PAR's configuration is its environment, checked against schema/env.schema.json (SPEC §2). The web host's own
/// sources must not become a second, unchecked channel: the appsettings*.json files the builder reads from the
/// executable's directory are removed (with them, the file watcher that reloads them, a thread of its own), and
/// Kestrel ignores its configuration section (<see cref="IgnoreKestrelSection"/>), so an environment variable such as
/// <c>Kestrel__Endpoints__x__Url</c> cannot open a listener the schema does not know. The other environment
/// variables stay readable by the libraries that read them (OpenTelemetry's OTEL_* beyond the schema's).
/// </summary>
internal static class HostConfiguration
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    /// <summary>The builder's arguments: its settings files are read without a watcher (and then removed).</summary>
    public static readonly string[] Args = ["--hostBuilder:reloadConfigOnChange=false"];

    /// <summary>Removes the appsettings*.json sources the web host builder added.</summary>
    public static void RemoveSettingsFiles(IConfigurationBuilder configuration)
    {
        foreach (var source in configuration.Sources.OfType<JsonConfigurationSource>().ToArray())
        {
            configuration.Sources.Remove(source);
        }
    }

    /// <summary>Kestrel's endpoints and limits come only from PAR's options, never from its "Kestrel" section.</summary>
    public static void IgnoreKestrelSection(KestrelServerOptions kestrel) => kestrel.Configure(Empty, reloadOnChange: false);
}
