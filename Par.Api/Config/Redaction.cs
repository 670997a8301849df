namespace Par.Api.Config;

/// <summary>Redaction of secrets before a value leaves the process (logs, errors, check-config output).</summary>
internal static class Redaction
{
    public const string Mask = "[REDACTED]";

    public static string? Value(EnvVariable variable, string? value) => value is null ? null : variable.Secret switch
    {
        SecretKind.Whole => Mask,
        SecretKind.Url => Url(value),
        _ => value,
    };

    /// <summary>Drops the query string, fragment and user-info of anything that looks like a URL.</summary>
    public static string Url(string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri))
        {
            var cut = value.IndexOfAny(['?', '#']);
            return cut < 0 ? value : value[..cut] + "?" + Mask;
        }

        var text = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return uri.Query.Length > 1 ? text + "?" + Mask : text;
    }
}
