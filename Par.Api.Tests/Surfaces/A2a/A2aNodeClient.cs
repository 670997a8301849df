using System.Diagnostics;
using System.Text.Json;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.A2a;

/// <summary>
/// Runs scripts/node/a2a/run.mjs: one official A2A client (@a2a-js/sdk 1.x "v1", 0.3.x "v03-client" A2AClient or
/// "v03-factory" ClientFactory) through its whole scenario against a running PAR, and returns its transcript.
/// </summary>
internal sealed record A2aNodeClient(JsonElement Transcript)
{
    public JsonElement Step(string name) => Transcript.GetProperty("steps").GetProperty(name);

    /// <summary>The value of a step that succeeded; fails the test with the client's error otherwise.</summary>
    public JsonElement Value(string name)
    {
        var step = Step(name);
        Assert.True(step.GetProperty("ok").GetBoolean(), $"{name}: {step}");
        return step.GetProperty("value");
    }

    /// <summary>The error of a step that failed (the client threw).</summary>
    public JsonElement Error(string name)
    {
        var step = Step(name);
        Assert.False(step.GetProperty("ok").GetBoolean(), $"{name} was expected to fail: {step}");
        return step.GetProperty("error");
    }

    public IReadOnlyList<JsonElement> Requests => [.. Transcript.GetProperty("requests").EnumerateArray()];

    public static async Task<A2aNodeClient> RunAsync(string client, string baseUrl)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(TestPackages.RepositoryRoot, "scripts", "node", "a2a", "run.mjs"));
        info.ArgumentList.Add(client);
        info.ArgumentList.Add(baseUrl);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node run.mjs {client} exited {process.ExitCode}: {output}{await stderr}");
        }

        return new A2aNodeClient(JsonDocument.Parse(output).RootElement.Clone());
    }
}
