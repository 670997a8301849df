using Par.Api.Config;

namespace Par.Api.Tests.Config;

public sealed class SchemaPatternTests
{
    [Theory]
    [InlineData("^abc$", @"^abc\z")]
    [InlineData(@"^a\$b[$]$", @"^a\$b[$]\z")]
    [InlineData(@"^(?!x$)[\]$]+$", @"^(?!x\z)[\]$]+\z")]
    public void ToDotNet_DollarOutsideClassesAndEscapes_BecomesEndOfValue(string pattern, string expected)
    {
        Assert.Equal(expected, SchemaPattern.ToDotNet(pattern));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("abc\n", false)]
    [InlineData("xabc", false)]
    public void Compile_AnchoredPattern_MatchesTheWholeValueOnly(string value, bool matches)
    {
        Assert.Equal(matches, SchemaPattern.Compile("^abc$").IsMatch(value));
    }
}
