using System.Text;
using System.Text.RegularExpressions;

namespace Par.Api.Config;

/// <summary>
/// The schema's patterns are ECMA-262 regular expressions (JSON Schema), where <c>$</c> means the end of the
/// value. In .NET <c>$</c> also matches before a final newline, so "abc\n" would pass "^abc$": every <c>$</c>
/// outside a character class becomes <c>\z</c>.
/// </summary>
internal static class SchemaPattern
{
    public static Regex Compile(string pattern) => new(ToDotNet(pattern), RegexOptions.CultureInvariant);

    public static string ToDotNet(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 4);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
                continue;
            }

            inClass = c switch
            {
                '[' => true,
                ']' => false,
                _ => inClass,
            };
            result.Append(c == '$' && !inClass ? @"\z" : c.ToString());
        }

        return result.ToString();
    }
}
