using System.Globalization;

namespace Par.Api.Config;

/// <summary>Parsing of environment strings into the schema's types.</summary>
internal static class EnvValues
{
    private static readonly string[] TrueWords = ["true", "1", "yes", "on"];
    private static readonly string[] FalseWords = ["false", "0", "no", "off"];

    public static bool TryBool(string? text, out bool value)
    {
        var word = text?.Trim() ?? string.Empty;
        value = TrueWords.Contains(word, StringComparer.OrdinalIgnoreCase);
        return value || FalseWords.Contains(word, StringComparer.OrdinalIgnoreCase);
    }

    public static bool TryInteger(string? text, out long value) =>
        long.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryNumber(string? text, out double value) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static int? Port(string? text) =>
        TryInteger(text, out var port) && port is >= 1 and <= 65535 ? (int)port : null;
}
