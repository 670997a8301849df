using System.Text.RegularExpressions;
using Par.Api.Config;

namespace Par.Api.Logging;

/// <summary>Keeps secrets out of log lines: secret-looking field names, URL query strings and user-info.</summary>
internal static partial class LogRedactor
{
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>Every URL inside the text loses its query string and user-info.</summary>
    public static string Text(string text) =>
        text.Contains("://", StringComparison.Ordinal) ? UrlInText().Replace(text, m => Redaction.Url(m.Value)) : text;

    [GeneratedRegex("password|passwd|secret|token|(^|[^a-z])key$|apikey|privatekey|authorization|credential|signature", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex("""[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>]+""")]
    private static partial Regex UrlInText();
}
