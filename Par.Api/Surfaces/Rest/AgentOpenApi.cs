using System.Text.Json;
using System.Text.Json.Nodes;
using Par.Api.Agents.Runtimes.Python;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace Par.Api.Surfaces.Rest;

/// <summary>
/// The agent's own OpenAPI document (FastAPI's /openapi.json), fetched once from the worker when the surfaces come up,
/// given a <c>servers</c> entry of BASE (so "Try it out" goes through PAR to the agent) and offered by Swagger UI as a
/// second definition. <see cref="UiOptions"/> is the very instance Swagger UI's middleware reads on each page load.
/// </summary>
internal sealed class AgentOpenApi
{
    public const string DocumentPath = "/swagger/agent/openapi.json";

    public SwaggerUIOptions UiOptions { get; } = new();

    public string? Document { get; private set; }

    public async Task LoadAsync(HttpMessageInvoker worker, string basePath, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WorkerProtocol.OpenApiUri);
        using var response = await worker.SendAsync(request, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (!response.IsSuccessStatusCode || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        JsonNode? document;
        try
        {
            document = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (JsonException e)
        {
            throw new HttpRequestException($"/openapi.json is not JSON: {e.Message}", e);
        }

        if (document is not JsonObject root)
        {
            throw new HttpRequestException("/openapi.json is not a JSON object");
        }

        WithServer(root, basePath);
        Document = root.ToJsonString();
        var config = UiOptions.ConfigObject;
        config.Urls = [.. config.Urls ?? [], new UrlDescriptor { Name = "Agent", Url = Config.BasePath.Join(basePath, DocumentPath) }];
    }

    /// <summary>BASE as the first server: the agent's paths are relative to it (FastAPI may already list it from root_path).</summary>
    private static void WithServer(JsonObject root, string basePath)
    {
        var servers = root["servers"] as JsonArray ?? [];
        var existing = servers.OfType<JsonObject>().FirstOrDefault(s => s["url"]?.GetValueKind() == JsonValueKind.String && (string?)s["url"] == basePath);
        if (existing is not null)
        {
            servers.Remove(existing);
        }

        servers.Insert(0, existing ?? new JsonObject { ["url"] = basePath });
        root["servers"] = servers;
    }
}
