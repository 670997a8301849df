using Par.Api.Agents.Manifest;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Manifest;

/// <summary>Every field of SPEC §4's table given a value of the wrong type: 65 naming the field and the type found.</summary>
public sealed class ManifestTypeTests : IDisposable
{
    private readonly TempDirectory _dir = new("par-manifest-types");

    public static TheoryData<string, string> WrongTypes => new()
    {
        { "name: [1, 2]", "name must be a string, found a sequence" },
        { "name: true", "name must be a string, found the boolean true" },
        { "version: {x: 1}", "version must be a string, found a mapping" },
        { "description: [a]", "description must be a string, found a sequence" },
        { "display_name: {a: 1}", "display_name must be a string, found a mapping" },
        { "author: [me]", "author must be a string, found a sequence" },
        { "license: {spdx: MIT}", "license must be a string, found a mapping" },
        { "capabilities: chat", "capabilities must be a sequence, found the string 'chat'" },
        { "capabilities: [chat, {a: 1}]", "capabilities[1] must be a string, found a mapping" },
        { "metadata: [1]", "metadata must be a mapping, found a sequence" },
        { "metadata: {version: [1]}", "metadata.version must be a string, found a sequence" },
        { "runtime: [python3.11]", "runtime must be a string such as python3.11 or a mapping such as {python: \">=3.9\"}, found a sequence" },
        { "entrypoint: {module: a}", "entrypoint must be a string, found a mapping" },
        { "a2a: demo.main:create", "a2a must be a mapping, found the string 'demo.main:create'" },
        { "a2a: {service: [a]}", "a2a.service must be a string, found a sequence" },
        { "a2a: {entry: {a: 1}}", "a2a.entry must be a string, found a mapping" },
        { "a2a: {http_server: [a]}", "a2a.http_server must be a string, found a sequence" },
        { "rest: [demo.web:mount]", "rest must be a mapping, found a sequence" },
        { "rest: {entry: [a]}", "rest.entry must be a string, found a sequence" },
        { "rest: {asgi: {a: 1}}", "rest.asgi must be a string, found a mapping" },
        { "http_server: [demo.web:app]", "http_server must be a string, found a sequence" },
        { "ui: web", "ui must be a mapping, found the string 'web'" },
        { "ui: {path: [web]}", "ui.path must be a string, found a sequence" },
        { "ui: {path: web, basePath: {a: 1}}", "ui.basePath must be a string, found a mapping" },
        { "exports: \"nope\"", "exports must be a sequence, found the string 'nope'" },
        { "exports: [greet]", "exports[0] must be a mapping {name, handler}, found the string 'greet'" },
        { "exports: [{name: [g], handler: demo.greet}]", "exports[0].name must be a string, found a sequence" },
        { "exports: [{name: g, handler: {m: f}}]", "exports[0].handler must be a string, found a mapping" },
        { "environment: [a, b]", "environment must be a mapping of variable names to values, found a sequence" },
        { "environment: {A: {b: 1}}", "environment.A must be a string, number or boolean, found a mapping" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void Load_FieldOfWrongType_NamesFieldAndTypeFound(string line, string expected)
    {
        var yaml = line.StartsWith("name:", StringComparison.Ordinal) || line.StartsWith("version:", StringComparison.Ordinal)
            ? $"{(line.StartsWith("name:", StringComparison.Ordinal) ? "version: 1.0.0" : "name: demo")}\n{line}\n"
            : $"name: demo\nversion: 1.0.0\n{line}\n";

        var result = Load(yaml);

        Assert.Null(result.Manifest);
        Assert.Equal([$"agent.yaml: {expected}"], result.Errors);
    }

    [Fact]
    public void Load_SeveralWrongTypes_AllListed()
    {
        var result = Load("name: demo\nversion: {x: 1}\nexports: \"nope\"\nenvironment: [a, b]\n");

        Assert.Equal(3, result.Errors.Count);
        Assert.Contains("agent.yaml: version must be a string, found a mapping", result.Summary);
        Assert.Contains("agent.yaml: exports must be a sequence", result.Summary);
        Assert.Contains("agent.yaml: environment must be a mapping", result.Summary);
    }

    [Fact]
    public void Load_NumbersAndNullsWhereStringsBelong_Accepted()
    {
        var result = Load("name: demo\nversion: 2\ndescription:\nenvironment: {PORT: 8080, DEBUG: true, EMPTY: ~}\nruntime: {python: \">=3.9\"}\na2a:\nrest:\n");

        Assert.DoesNotContain(result.Errors, e => e.Contains("must be a", StringComparison.Ordinal));
        Assert.Equal("2", result.Manifest!.Version);
    }

    public void Dispose() => _dir.Dispose();

    private ManifestResult Load(string yaml) => ManifestLoader.Load(Path.GetDirectoryName(_dir.Write("pkg/agent.yaml", yaml))!);
}
