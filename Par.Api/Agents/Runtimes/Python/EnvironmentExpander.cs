using System.Text.RegularExpressions;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>Expands ${VAR} and ${VAR:-default} in the manifest's environment values, as a POSIX shell would.</summary>
internal static partial class EnvironmentExpander
{
    public static IReadOnlyDictionary<string, string> Expand(
        IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string?> environment) =>
        values.ToDictionary(p => p.Key, p => Expand(p.Value, environment), StringComparer.Ordinal);

    public static string Expand(string value, IReadOnlyDictionary<string, string?> environment) =>
        Reference().Replace(value, m =>
        {
            var current = environment.GetValueOrDefault(m.Groups["name"].Value);
            return m.Groups["default"].Success && string.IsNullOrEmpty(current) ? m.Groups["default"].Value : current ?? string.Empty;
        });

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial Regex Reference();
}
