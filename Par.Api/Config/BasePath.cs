using System.Text.RegularExpressions;

namespace Par.Api.Config;

/// <summary>BASE_PATH normalisation: trim, leading '/', no trailing '/', {AGENT_APP_ID} substituted, strict characters.</summary>
internal static partial class BasePath
{
    public const string AgentIdToken = "{AGENT_APP_ID}";

    /// <summary>Returns the normalised path, or null with the reason.</summary>
    public static string? Normalize(string? raw, string agentAppId, out string? error)
    {
        error = null;
        var path = (raw ?? string.Empty).Trim().Replace(AgentIdToken, agentAppId, StringComparison.Ordinal);
        if (path.Length == 0 || path == "/")
        {
            return "/";
        }

        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }

        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path[..^1];
        }

        if (!Allowed().IsMatch(path))
        {
            error = "may contain only A-Z a-z 0-9 / _ . - (after {AGENT_APP_ID} is substituted)";
            return null;
        }

        var segments = path[1..].Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            error = "must not contain empty segments ('//')";
            return null;
        }

        if (segments.Any(s => s is "." or ".."))
        {
            error = "must not contain '.' or '..' segments";
            return null;
        }

        return path;
    }

    /// <summary>Joins BASE and a route suffix without doubling the slash at the root.</summary>
    public static string Join(string basePath, string suffix) =>
        basePath == "/" ? suffix : basePath + suffix;

    [GeneratedRegex(@"\A[A-Za-z0-9/_.-]+\z")]
    private static partial Regex Allowed();
}
