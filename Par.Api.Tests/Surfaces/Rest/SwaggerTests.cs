using System.Diagnostics;
using System.Text.Json;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Surfaces.Rest;

public sealed class SwaggerTests(SampleAgentFixture sample) : IClassFixture<SampleAgentFixture>
{
    private const string Base = SampleAgentFixture.Base;

    private HttpClient Rest => sample.Host.Rest;

    [Fact]
    public async Task SwaggerUi_ListsRuntimeAndAgentDocuments()
    {
        var page = await Rest.GetStringAsync(Base + "/swagger/index.html");
        var script = await Rest.GetStringAsync(Base + "/swagger/index.js");
        var config = page + script;

        Assert.Contains("/agents/sample-1/swagger/runtime/swagger.json", config);
        Assert.Contains("/agents/sample-1/swagger/agent/openapi.json", config);
        Assert.Contains("\"Agent\"", config);
    }

    [Fact]
    public async Task AgentDocument_HasBaseAsItsServer()
    {
        var agent = await Rest.GetFromJsonAsync<JsonElement>(Base + "/swagger/agent/openapi.json");

        Assert.Equal(Base, agent.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task RuntimeDocument_EveryResponseHasANamedSchema()
    {
        var runtime = await Rest.GetFromJsonAsync<JsonElement>(Base + "/swagger/runtime/swagger.json");

        var schemas = runtime.GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "MetaResponse", "HealthBody", "ReadyBody", "LiveBody", "SurfaceHealth", "UiConfig" })
        {
            Assert.True(schemas.TryGetProperty(name, out _), $"no schema {name}");
        }

        foreach (var path in runtime.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject())
                {
                    var json = response.Value.GetProperty("content").GetProperty("application/json").GetProperty("schema");
                    Assert.True(json.TryGetProperty("$ref", out _), $"{operation.Name} {path.Name} {response.Name}: {json}");
                }
            }
        }

        Assert.All(schemas.EnumerateObject(), s => Assert.Matches("^[A-Za-z0-9._-]+$", s.Name));
    }

    [Fact]
    public async Task BothDocuments_PassAnOpenApiValidator()
    {
        using var dir = new TempDirectory();
        var runtime = dir.Write("runtime.json", await Rest.GetStringAsync(Base + "/swagger/runtime/swagger.json"));
        var agent = dir.Write("agent.json", await Rest.GetStringAsync(Base + "/swagger/agent/openapi.json"));

        var (exit, output) = await Node("validate-openapi.mjs", runtime, agent);

        Assert.True(exit == 0, output);
        Assert.Contains("valid " + runtime, output);
        Assert.Contains("valid " + agent, output);
    }

    [Theory]
    [InlineData("""{"openapi":"3.0.1","info":{"title":"x","version":"1"},"paths":{},"components":{"schemas":{"String<>f__AnonymousType1":{"type":"object"}}}}""", "component names")]
    [InlineData("""{"openapi":"3.0.1","paths":{}}""", "info")]
    public async Task Validator_RejectsAnInvalidDocument(string document, string reason)
    {
        using var dir = new TempDirectory();
        var bad = dir.Write("bad.json", document);

        var (exit, output) = await Node("validate-openapi.mjs", bad);

        Assert.Equal(1, exit);
        Assert.Contains("invalid " + bad, output);
        Assert.Contains(reason, output);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData(Base + "/health")]
    [InlineData(Base + "/swagger")]
    [InlineData(Base + "/swagger/index.html")]
    public async Task Head_AnswersLikeGetWithoutBody(string path)
    {
        using var get = await Rest.GetAsync(path);
        using var head = await Rest.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        var (_, raw) = await RawHttp.SendAsync(sample.Host.Options.Listeners.RestPort, "HEAD", path);

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("\r\n\r\n", raw);
    }

    private static async Task<(int Exit, string Output)> Node(string script, params string[] args)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(TestPackages.RepositoryRoot, "scripts", "node", script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
