using System.Net;
using System.Text.Json;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.Ui;

public sealed class UiSurfaceTests(SampleAgentFixture sample) : IClassFixture<SampleAgentFixture>
{
    private const string Ui = SampleAgentFixture.Base + "/ui";

    private HttpClient Rest => sample.Host.Rest;

    [Fact]
    public async Task Index_ServedAsHtml()
    {
        using var response = await Rest.GetAsync(Ui + "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<title>Sample Agent</title>", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/style.css", "text/css")]
    public async Task Asset_ServedWithItsContentType(string path, string contentType)
    {
        using var response = await Rest.GetAsync(Ui + path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Asset_WithMatchingETag_Answers304()
    {
        using var first = await Rest.GetAsync(Ui + "/app.js");
        using var request = new HttpRequestMessage(HttpMethod.Get, Ui + "/app.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await Rest.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task SpaRoute_FallsBackToIndex()
    {
        var html = await Rest.GetStringAsync(Ui + "/settings/profile");

        Assert.Contains("<title>Sample Agent</title>", html);
    }

    [Fact]
    public async Task MissingAsset_Answers404()
    {
        using var response = await Rest.GetAsync(Ui + "/missing.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UiConfig_GivesApiBase()
    {
        var config = await Rest.GetFromJsonAsync<JsonElement>(SampleAgentFixture.Base + "/ui-config.json");
        var besidePage = await Rest.GetFromJsonAsync<JsonElement>(Ui + "/ui-config.json");

        Assert.Equal(SampleAgentFixture.Base + "/api", config.GetProperty("apiBase").GetString());
        Assert.Equal(config.GetRawText(), besidePage.GetRawText());
    }

    [Theory]
    [InlineData("/ui/../agent.yaml")]
    [InlineData("/ui/%2e%2e/agent.yaml")]
    [InlineData("/ui/%2E%2E/%2E%2E/agent.yaml")]
    [InlineData("/ui/..%2fagent.yaml")]
    [InlineData("/ui/%2f..%2fagent.yaml")]
    [InlineData("/ui/.env")]
    [InlineData("/ui/%2eenv")]
    [InlineData("/ui//etc/passwd")]
    [InlineData("/ui/%2fetc%2fpasswd")]
    [InlineData("/ui/..\\agent.yaml")]
    public async Task TraversalAndDotfiles_404WithoutLeakingAFile(string suffix)
    {
        var (status, response) = await RawHttp.GetAsync(sample.Host.Options.Listeners.RestPort, SampleAgentFixture.Base + suffix);

        Assert.Equal(404, status);
        Assert.DoesNotContain("SECRET=do-not-serve", response);
        Assert.DoesNotContain("name: sample-agent", response);
        Assert.DoesNotContain("root:", response);
    }
}
