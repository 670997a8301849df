using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Par.Api.Tests.Surfaces.Mcp;

/// <summary>MCP messages over plain HTTP, as a Streamable HTTP client sends them, for the tests that look at the wire.</summary>
internal static class McpHttp
{
    public const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";

    public static HttpRequestMessage Post(string url, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return request;
    }

    /// <summary>The one JSON-RPC message of a stateless answer (an SSE stream: "event: message", "data: {...}").</summary>
    public static async Task<JsonElement> SseMessageAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var data = body.Split('\n').Single(line => line.StartsWith("data: ", StringComparison.Ordinal));
        return JsonDocument.Parse(data["data: ".Length..]).RootElement.Clone();
    }
}
