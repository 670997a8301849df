using System.Text.Json;
using Par.Api.Agents.Manifest;
using Par.Api.Agents.Skills;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Skills;

/// <summary>How each action is described to A2A and MCP clients, from real agent.yaml text (A2A-NOTES §6).</summary>
public sealed class SkillCatalogTests : IDisposable
{
    private readonly TempDirectory _dir = new("par-skills");

    [Fact]
    public void Describe_EachSourceInTurn_FirstThatHasItWins()
    {
        var manifest = Load("""
            name: shop
            display_name: Shop Agent
            version: 1.0.0
            entrypoint: shop:init
            metadata:
              tags: [retail, orders]
              examples:
                - title: Where is my order?
                - Cancel order 7
              skills:
                lookup:
                  name: Order lookup
                  description: Finds an order by id.
                  tags: [orders]
                  examples: [Find order 42]
                  input_schema:
                    type: object
                    properties:
                      id: {type: integer}
                    required: [id]
                  output_schema:
                    type: object
              sub_agents:
                - name: refund
                  description: Refunds a paid order.
                - name: lookup
                  description: not used, metadata.skills says it first
            """);

        var skills = SkillCatalog.Describe(manifest, ["lookup", "refund", "documented", "bare"],
            new Dictionary<string, string> { ["documented"] = "From the docstring.", ["refund"] = "not used either" });

        var lookup = skills[0];
        Assert.Equal(("lookup", "Order lookup", "Finds an order by id."), (lookup.Id, lookup.Name, lookup.Description));
        Assert.Equal(["orders"], lookup.Tags);
        Assert.Equal(["Find order 42"], lookup.Examples);
        using (var schema = JsonDocument.Parse(lookup.InputSchema))
        {
            Assert.Equal("integer", schema.RootElement.GetProperty("properties").GetProperty("id").GetProperty("type").GetString());
            Assert.Equal("id", schema.RootElement.GetProperty("required")[0].GetString());
        }

        Assert.Equal("""{"type":"object"}""", lookup.OutputSchema);
        Assert.Equal(("refund", "Refunds a paid order."), (skills[1].Name, skills[1].Description));
        Assert.Equal("From the docstring.", skills[2].Description);
        Assert.Equal("The bare action of Shop Agent.", skills[3].Description);
        Assert.Equal(["retail", "orders"], skills[3].Tags);
        Assert.Equal(["Where is my order?", "Cancel order 7"], skills[3].Examples);
        Assert.Equal(SkillCatalog.OpenObjectSchema, skills[3].InputSchema);
        Assert.Null(skills[3].OutputSchema);
    }

    [Fact]
    public void Describe_ManifestWithoutMetadata_NameAsTagAndOpenSchema()
    {
        var manifest = Load("name: plain\nversion: 1.0.0\nentrypoint: plain:init\n");

        var skill = Assert.Single(SkillCatalog.Describe(manifest, ["echo"], new Dictionary<string, string>()));

        Assert.Equal(("echo", "echo", "The echo action of plain."), (skill.Id, skill.Name, skill.Description));
        Assert.Equal(["plain"], skill.Tags);
        Assert.Empty(skill.Examples);
        Assert.Equal(SkillCatalog.OpenObjectSchema, skill.InputSchema);
    }

    [Fact]
    public void Load_SkillsOfTheWrongShape_EachNamedWithItsField()
    {
        _dir.Write("pkg/agent.yaml", """
            name: shop
            version: 1.0.0
            entrypoint: shop:init
            metadata:
              skills:
                lookup: just text
                refund:
                  input_schema: [a, list]
                cancel:
                  input_schema: {type: string}
                fine:
                  input_schema: {type: object}
            """);
        _dir.Write("pkg/shop.py", "def init(): pass\n");

        var result = ManifestLoader.Load(_dir.Combine("pkg"));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.StartsWith("metadata.skills.lookup must be a map", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("metadata.skills.refund.input_schema must be a JSON Schema object (a map), not a list", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("metadata.skills.cancel.input_schema.type must be 'object'", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, e => e.Contains("metadata.skills.fine", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SkillsNotAMap_Refused()
    {
        _dir.Write("pkg/agent.yaml", "name: shop\nversion: 1.0.0\nentrypoint: shop:init\nmetadata:\n  skills: [lookup]\n");
        _dir.Write("pkg/shop.py", "def init(): pass\n");

        var result = ManifestLoader.Load(_dir.Combine("pkg"));

        Assert.Contains(result.Errors, e => e.StartsWith("metadata.skills must be a map", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();

    private AgentManifest Load(string yaml)
    {
        _dir.Write("pkg/agent.yaml", yaml);
        var module = yaml.Split("entrypoint: ")[1].Split(':')[0];
        _dir.Write($"pkg/{module}.py", "def init(): pass\n");
        var result = ManifestLoader.Load(_dir.Combine("pkg"));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return result.Manifest!;
    }
}
