using System.Text;
using Par.Api.Agents.Manifest;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Agents.Manifest;

/// <summary>agent.yaml built to crash a parser: refused with a reason naming agent.yaml, never a crash.</summary>
public sealed class HostileManifestTests : IDisposable
{
    private readonly TempDirectory _dir = new("par-hostile-manifest");

    [Fact]
    public void Load_SixtyThousandNestedSequences_RefusedBeforeParsingIntoObjects()
    {
        var yaml = DeepSequences(60_000);
        Assert.InRange(Encoding.UTF8.GetByteCount(yaml), 100_000, ManifestReader.MaxBytes);

        var result = Load(yaml);

        Assert.Null(result.Manifest);
        Assert.Equal(["agent.yaml nests deeper than 64 levels (line 3)"], result.Errors);
    }

    [Fact]
    public void Load_ThirtyThousandNestedMappings_Refused()
    {
        var yaml = "name: demo\nversion: 1.0.0\nx: " + string.Concat(Enumerable.Repeat("{a: ", 30_000)) + "1" + new string('}', 30_000) + "\n";

        var result = Load(yaml);

        Assert.Null(result.Manifest);
        Assert.Contains("agent.yaml nests deeper than 64 levels", Assert.Single(result.Errors));
    }

    [Fact]
    public void Load_NestingOfExactly64Levels_Accepted()
    {
        // The top-level mapping is level 1; "x" opens 63 more.
        var result = Load(DeepSequences(63));

        Assert.Empty(result.Errors);
        Assert.True(result.Manifest!.Extra.ContainsKey("x"));
        Assert.Contains("nests deeper than 64 levels", Assert.Single(Load(DeepSequences(64)).Errors));
    }

    [Theory]
    [InlineData("? [a, b]\n: 1\n", "has a sequence as a mapping key (line 3)")]
    [InlineData("x: {[1]: x}\n", "has a sequence as a mapping key (line 3)")]
    [InlineData("? {a: 1}\n: 1\n", "has a mapping as a mapping key (line 3)")]
    [InlineData("environment:\n  A: 1\n  A: 2\n", "has the key 'A' twice in one mapping (line 5)")]
    [InlineData("version: 2.0.0\n", "has the key 'version' twice in one mapping (line 3)")]
    public void Load_KeyThatIsNotAPlainString_RefusedNamingAgentYaml(string rest, string expected)
    {
        var result = Load("name: demo\nversion: 1.0.0\n" + rest);

        Assert.Null(result.Manifest);
        Assert.StartsWith($"agent.yaml {expected}", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestIsADirectory_RefusedNamingAgentYaml()
    {
        Directory.CreateDirectory(_dir.Combine("pkg", "agent.yaml"));

        var result = ManifestLoader.Load(_dir.Combine("pkg"));

        Assert.Equal(["agent.yaml is a directory, not a file"], result.Errors);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A valid manifest plus "x: [[[...1...]]]" opening the given number of sequences.</summary>
    internal static string DeepSequences(int depth) =>
        "name: demo\nversion: 1.0.0\nx: " + new string('[', depth) + "1" + new string(']', depth) + "\n";

    private ManifestResult Load(string yaml) => ManifestLoader.Load(Path.GetDirectoryName(_dir.Write("pkg/agent.yaml", yaml))!);
}
