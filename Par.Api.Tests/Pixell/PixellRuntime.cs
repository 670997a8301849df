using System.Net;
using Par.Api.A2a.Protocol;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;

namespace Par.Api.Tests.Pixell;

/// <summary>
/// A real PAR process running a pixell-built .apkg with Debian's Python and its python3-* packages
/// (VENV_SYSTEM_SITE_PACKAGES=true): PyPI is not reachable, and what an agent imports comes from the system.
/// </summary>
internal static class PixellRuntime
{
    public const string SystemPython = "/usr/bin/python3";

    public static RuntimeProcess Start(string apkg, bool ownSession = false, IDictionary<string, string?>? environment = null)
    {
        var env = RuntimeProcess.Defaults()
            .Package(apkg)
            .With(EnvNames.Python, SystemPython)
            .With(EnvNames.VenvSystemSitePackages, "true")
            .With(EnvNames.LogLevel, "Information")
            .With(environment);
        return RuntimeProcess.Start(env, ownSession);
    }

    /// <summary>Starts PAR and waits until /health says ready.</summary>
    public static async Task<RuntimeProcess> StartReadyAsync(string apkg, bool ownSession = false)
    {
        var par = Start(apkg, ownSession);
        try
        {
            await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(90));
            return par;
        }
        catch
        {
            await par.DisposeAsync();
            throw;
        }
    }

    public static AgentService.AgentServiceClient Grpc(RuntimeProcess par) =>
        new(GrpcChannels.For($"http://127.0.0.1:{par.A2aPort}"));

    /// <summary>Waits until the agent has written <paramref name="path"/> (a marker it writes when it reaches a point).</summary>
    public static Task WaitForFileAsync(string path) =>
        Poll.UntilAsync(() => File.Exists(path) && new FileInfo(path).Length > 0, TimeSpan.FromSeconds(30), $"the agent writes {path}");
}
