using System.Globalization;
using System.Net;
using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using Par.Api.Tests.Lifecycle;

namespace Par.Api.Tests.Logging;

/// <summary>Lines an operator reads from a real runtime: where it listens, and what a signal does.</summary>
public sealed class RuntimeLogLinesTests
{
    [Fact]
    public async Task Runtime_StartAndSigterm_LogsListeningUrlsAndAReadableSignalLine()
    {
        await using var par = RuntimeProcess.Start(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
            [EnvNames.BasePath] = "/agents/{AGENT_APP_ID}",
        });
        await par.WaitForHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        par.Process.Signal(Signals.Term);
        Assert.Equal(0, await par.Process.WaitForExitAsync(TimeSpan.FromSeconds(40)));

        var listening = Event(par, "runtime.listening");
        var rest = listening.GetProperty("rest").GetString()!;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $":{par.RestPort}"), rest);
        Assert.StartsWith("http://", rest);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $":{par.A2aPort}"), listening.GetProperty("a2a").GetString());
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $":{par.RestPort}/agents/proc-agent/ui/"), listening.GetProperty("ui").GetString());
        var signal = Event(par, "runtime.signal");
        Assert.Equal("Received SIGTERM (#1): the first signal drains gracefully, a second one skips the waits",
            signal.GetProperty("message").GetString());
    }

    private static JsonElement Event(RuntimeProcess par, string name) =>
        par.Process.StdoutLines
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Single(e => e.GetProperty("event").GetString() == name);
}
