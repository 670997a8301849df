using Microsoft.Extensions.Options;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace Par.Api.Surfaces.Rest;

/// <summary>
/// The agent's own OpenAPI document (FastAPI's /openapi.json), fetched once from the worker when the surfaces
/// come up and offered by Swagger UI as a second definition.
/// </summary>
internal sealed class AgentOpenApi(IOptions<SwaggerUIOptions> swaggerUi)
{
    public const string DocumentPath = "/swagger/agent/openapi.json";

    public string? Document { get; private set; }

    public async Task LoadAsync(HttpMessageInvoker worker, string basePath, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://agent-worker/openapi.json"));
        using var response = await worker.SendAsync(request, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (!response.IsSuccessStatusCode || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        Document = await response.Content.ReadAsStringAsync(cancellationToken);
        var options = swaggerUi.Value.ConfigObject;
        options.Urls = [.. options.Urls ?? [], new UrlDescriptor { Name = "Agent", Url = Config.BasePath.Join(basePath, DocumentPath) }];
    }
}
