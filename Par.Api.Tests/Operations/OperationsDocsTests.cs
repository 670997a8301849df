using System.Text.RegularExpressions;
using Par.Api.Config;

namespace Par.Api.Tests.Operations;

/// <summary>The operations docs quote schema defaults and the deploy examples' timings; they must not drift.</summary>
public sealed partial class OperationsDocsTests
{
    [Theory]
    [InlineData("docs/alb-healthcheck.md")]
    [InlineData("docs/operations.md")]
    public void Doc_QuotesTheSchemaDefaults(string doc)
    {
        var quoted = DefaultRegex().Matches(RepoFiles.Text(doc));

        Assert.True(quoted.Count >= 3, $"{doc} quotes only {quoted.Count} defaults as `NAME` (default `VALUE`)");
        Assert.All(quoted, m =>
        {
            Assert.True(EnvSchema.Instance.ByName.ContainsKey(m.Groups[1].Value), $"{m.Groups[1].Value} is not in the schema");
            Assert.Equal(RepoFiles.Default(m.Groups[1].Value), m.Groups[2].Value);
        });
    }

    [Fact]
    public void AlbDoc_QuotesTheExamplesStopTimeoutAndGracePeriod()
    {
        var doc = RepoFiles.Text("docs/alb-healthcheck.md");
        var stopTimeout = RepoFiles.Int(RepoFiles.Json("deploy/ecs-task-definition.json")["containerDefinitions"]![0]!["stopTimeout"]);
        var grace = RepoFiles.Int(RepoFiles.YamlDocuments("deploy/kubernetes.yaml")[0]["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"]);

        Assert.Contains($"the example task definition uses {stopTimeout} s", doc, StringComparison.Ordinal);
        Assert.Contains($"({grace} s in the example)", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void AlbDoc_GivesTheGrpcHealthPathWithMatcherZero()
    {
        var doc = RepoFiles.Text("docs/alb-healthcheck.md");

        Assert.Matches(@"\| health check path \| `/grpc\.health\.v1\.Health/Check` \|", doc);
        Assert.Matches(@"\| success codes \(matcher\) \| \*\*`0`\*\* \|", doc);
        Assert.Matches(@"\| success codes \(matcher\) \| `200` \|", doc);
    }

    [GeneratedRegex(@"`([A-Z][A-Z0-9_]+)` \(default `([^`]*)`")]
    private static partial Regex DefaultRegex();
}
