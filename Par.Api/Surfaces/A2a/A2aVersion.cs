namespace Par.Api.Surfaces.A2a;

/// <summary>The A2A protocol version of one request: 0.3 (no A2A-Version header, or 0.3) or 1.0.</summary>
internal enum A2aVersion { V03, V1 }

internal static class A2aVersions
{
    public const string Header = "A2A-Version";

    /// <summary>
    /// The version the request asks for, from the A2A-Version header or query parameter (spec 1.0 §3.6.2: absent or
    /// empty means 0.3); null when it names one PAR does not serve (answered -32009).
    /// </summary>
    public static A2aVersion? Of(HttpRequest request, out string requested)
    {
        requested = request.Headers[Header].ToString().Trim();
        if (requested.Length == 0)
        {
            requested = request.Query[Header].ToString().Trim();
        }

        if (requested.Length == 0)
        {
            return A2aVersion.V03;
        }

        var parts = requested.Split('.');
        if (parts.Length is < 1 or > 3 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            return null;
        }

        var minor = parts.Length > 1 ? parts[1] : "0";
        return (parts[0].TrimStart('0'), minor.TrimStart('0')) switch
        {
            ("1", "") => A2aVersion.V1,
            ("", "3") => A2aVersion.V03,
            _ => null,
        };
    }

    /// <summary>What a card or an error names as the supported versions.</summary>
    public const string Supported = "1.0, 0.3";
}
