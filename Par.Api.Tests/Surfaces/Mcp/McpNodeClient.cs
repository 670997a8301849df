using System.Diagnostics;
using System.Text.Json;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.Mcp;

/// <summary>
/// The official MCP client (@modelcontextprotocol/sdk, installed in scripts/node/mcp by scripts/setup-test-deps.sh)
/// run from node against a URL: initialize, tools/list, then the given calls. Returns its transcript (mcp-client.mjs).
/// </summary>
internal static class McpNodeClient
{
    public static async Task<McpTranscript> RunAsync(string url, params object[] calls)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(TestPackages.RepositoryRoot, "scripts", "node", "mcp", "mcp-client.mjs"));
        info.ArgumentList.Add(url);
        info.ArgumentList.Add(JsonSerializer.Serialize(calls));
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0 || output.Length == 0)
        {
            throw new InvalidOperationException($"the MCP client exited with {process.ExitCode}: {output}\n{errors}");
        }

        return new McpTranscript(JsonDocument.Parse(output).RootElement.Clone());
    }

    /// <summary>A tools/call as the client takes it.</summary>
    public static Dictionary<string, object> Call(string name, object? arguments = null) =>
        arguments is null ? new() { ["name"] = name } : new() { ["name"] = name, ["arguments"] = arguments };
}

/// <summary>What the client saw: serverInfo, instructions, tools, each call's result or error, every HTTP exchange.</summary>
internal sealed record McpTranscript(JsonElement Root)
{
    public JsonElement ServerInfo => Root.GetProperty("serverInfo");

    public IReadOnlyList<JsonElement> Tools => [.. Root.GetProperty("tools").EnumerateArray()];

    public JsonElement Tool(string name) => Tools.Single(t => t.GetProperty("name").GetString() == name);

    public IReadOnlyList<JsonElement> Http => [.. Root.GetProperty("http").EnumerateArray()];

    /// <summary>The n-th call's result (fails when it was an error).</summary>
    public JsonElement Result(int index) => Root.GetProperty("calls")[index].GetProperty("result");

    /// <summary>The n-th call's protocol error {code, message} (fails when it was a result).</summary>
    public JsonElement Error(int index) => Root.GetProperty("calls")[index].GetProperty("error");

    public override string ToString() => Root.GetRawText();
}
