using System.Text.Json;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;
using static Par.Api.Tests.Surfaces.Mcp.McpHttp;

namespace Par.Api.Tests.Surfaces.Mcp;

/// <summary>A manifest with few descriptive fields: the fallbacks of the server identity and of the tool schemas.</summary>
public sealed class McpDescriptionTests
{
    private const string Manifest = """
        name: bare
        metadata:
          version: 2.1.0
          skills:
            hi:
              name: Say hi
              input_schema:
                properties:
                  who: {type: string}
            bye:
              output_schema:
                type: object
                properties:
                  greeting: {type: string}
        exports:
          - name: hi
            handler: acts.hi
          - name: bye
            handler: acts.bye
        """;

    private const string Actions = """
        def hi(params):
            return "hi " + params.get("who", "there")


        def bye(params):
            return {"greeting": "bye"}
        """;

    private const string Initialize = """
        {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}
        """;

    [Fact]
    public async Task SparseManifest_IdentityFallsBackToNameAndMetadataVersion_SchemasAsDeclaredOrOpen()
    {
        using var dir = new TempDirectory();
        dir.Write("pkg/agent.yaml", Manifest);
        dir.Write("pkg/acts.py", Actions);
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?> { [EnvNames.AgentPackagePath] = dir.Combine("pkg") });
        var boot = await host.WaitForBootAsync();
        Assert.True(boot.IsReady, boot.Error);

        using var initializeResponse = await host.Rest.SendAsync(Post("/mcp", Initialize));
        var initialize = (await SseMessageAsync(initializeResponse)).GetProperty("result");
        using var listResponse = await host.Rest.SendAsync(Post("/mcp", ToolsList));
        var tools = (await SseMessageAsync(listResponse)).GetProperty("result").GetProperty("tools").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!);

        var server = initialize.GetProperty("serverInfo");
        Assert.Equal("bare", server.GetProperty("name").GetString());
        Assert.Equal("bare", server.GetProperty("title").GetString());
        Assert.Equal("2.1.0", server.GetProperty("version").GetString());
        Assert.Equal("bare", initialize.GetProperty("instructions").GetString());

        // hi's schema has no "type": the catalog makes it an object schema (MCP requires one), its properties kept.
        Assert.Equal("Say hi", tools["hi"].GetProperty("title").GetString());
        Assert.Equal("The hi action of bare.", tools["hi"].GetProperty("description").GetString());
        Assert.Equal("""{"type":"object","properties":{"who":{"type":"string"}}}""", tools["hi"].GetProperty("inputSchema").GetRawText());
        Assert.Empty(host.Logs.Named("mcp.tool.schema_rejected"));
        Assert.Equal("string", tools["bye"].GetProperty("outputSchema").GetProperty("properties").GetProperty("greeting").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Object, tools["bye"].GetProperty("inputSchema").ValueKind);
    }
}
