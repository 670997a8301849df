using System.Text.Json.Nodes;
using System.Xml.Linq;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Operations;

/// <summary>The package ids Par.Api names (its project, the central versions) and those NuGet resolved for it.</summary>
internal static class ProjectPackages
{
    public static IReadOnlyList<string> ReferencedByParApi() => Includes("Par.Api/Par.Api.csproj", "PackageReference");

    public static IReadOnlyList<string> CentralVersions() => Includes("Directory.Packages.props", "PackageVersion");

    /// <summary>Every package of Par.Api's restore graph (obj/project.assets.json), transitive ones included.</summary>
    public static IReadOnlyList<string> ResolvedForParApi()
    {
        var path = Path.Combine(TestPackages.RepositoryRoot, "Par.Api", "obj", "project.assets.json");
        Assert.True(File.Exists(path), $"{path} is missing: the test project builds Par.Api, so a restore must have written it");
        var libraries = JsonNode.Parse(File.ReadAllText(path))!["libraries"]!.AsObject();
        return [.. libraries
            .Where(l => (string?)l.Value!["type"] == "package")
            .Select(l => l.Key.Split('/')[0])];
    }

    private static List<string> Includes(string relativePath, string element)
    {
        var project = XDocument.Load(Path.Combine(TestPackages.RepositoryRoot, relativePath));
        return [.. project.Descendants(element).Select(e => (string?)e.Attribute("Include")).OfType<string>()];
    }
}
