using System.Text.RegularExpressions;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Logging;

/// <summary>Event names are a contract with operators' dashboards: every one the code logs is documented, and no other.</summary>
public sealed partial class LogEventsDocTests
{
    [Fact]
    public void EveryLoggedEvent_IsDocumentedInLogEventsMd()
    {
        var source = Path.Combine(TestPackages.RepositoryRoot, "Par.Api");
        var inCode = Directory.GetFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => EventName().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Append("config.invalid")
            .ToHashSet();
        var doc = File.ReadAllText(Path.Combine(TestPackages.RepositoryRoot, "docs", "log-events.md"));
        var documented = DocumentedName().Matches(doc).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Empty(inCode.Except(documented).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Except(inCode).Order(StringComparer.Ordinal));
    }

    /// <summary>A [LoggerMessage]'s EventName, or an EventId made in code with an id from LogEvents (RequestLine's).</summary>
    [GeneratedRegex("(?:EventName = |new(?:\\s+EventId)?\\(LogEvents\\.[A-Za-z.]+, )\"([a-z0-9._]+)\"")]
    private static partial Regex EventName();

    [GeneratedRegex(@"^\| `([a-z0-9._]+)` \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedName();
}
