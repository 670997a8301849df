using System.Globalization;

namespace Par.Api.Config;

/// <summary>
/// The values PAR will use, as name → text, secrets redacted (check-config and config.loaded): defaults filled
/// in, numbers and booleans in canonical form, BASE_PATH normalised, paths made absolute, the effective
/// SIGNATURE_POLICY. A value that does not parse is shown as given, so an invalid environment can be shown too.
/// </summary>
internal static class EffectiveConfig
{
    public static IReadOnlyDictionary<string, string?> From(EnvSnapshot snapshot) =>
        EnvSchema.Instance.Variables.ToDictionary(
            v => v.Name,
            v => Redaction.Value(v, Value(snapshot, v)),
            StringComparer.Ordinal);

    private static string? Value(EnvSnapshot snapshot, EnvVariable variable)
    {
        var name = variable.Name;
        if (name == EnvNames.AgentAppId)
        {
            return snapshot.Raw(name);
        }

        if (name == EnvNames.SignaturePolicy)
        {
            return SignaturePolicy(snapshot);
        }

        var value = snapshot.Effective(name)?.Trim();
        return string.IsNullOrEmpty(value) ? null : Normalise(snapshot, variable, value);
    }

    private static string Normalise(EnvSnapshot snapshot, EnvVariable variable, string value) => variable.Name switch
    {
        EnvNames.BasePath => BasePath.Normalize(value, snapshot.Raw(EnvNames.AgentAppId) ?? string.Empty, out _) ?? value,
        EnvNames.PackageUrl => PackageLocation.ParseUrl(value, out _)?.Value ?? value,
        EnvNames.PackageSha256 => value.ToLowerInvariant(),
        EnvNames.AgentPackagePath or EnvNames.ParWorkDir or EnvNames.ParCacheDir => FullPath(value),
        _ => variable.Type switch
        {
            "integer" when EnvValues.TryInteger(value, out var integer) => integer.ToString(CultureInfo.InvariantCulture),
            "number" when EnvValues.TryNumber(value, out var number) => number.ToString(CultureInfo.InvariantCulture),
            "boolean" when EnvValues.TryBool(value, out var flag) => flag ? "true" : "false",
            _ => variable.Enum.FirstOrDefault(e => string.Equals(e, value, StringComparison.OrdinalIgnoreCase)) ?? value,
        },
    };

    /// <summary>As the binder decides it: the given policy, else enforce when a public key is set, else off.</summary>
    private static string SignaturePolicy(EnvSnapshot snapshot)
    {
        var given = snapshot.Raw(EnvNames.SignaturePolicy)?.Trim();
        if (!string.IsNullOrEmpty(given))
        {
            return given.ToLowerInvariant();
        }

        return string.IsNullOrWhiteSpace(snapshot.Raw(EnvNames.PackagePublicKey)) ? "off" : "enforce";
    }

    private static string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (ArgumentException)
        {
            return path;
        }
    }
}
