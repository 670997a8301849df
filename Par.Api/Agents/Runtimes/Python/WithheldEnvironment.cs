using Par.Api.Config;
using Par.Api.Logging;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>
/// PAR's own credentials stay with PAR (SPEC §5). The worker inherits PAR's environment minus PACKAGE_URL (a
/// pre-signed URL is a credential), PACKAGE_SIGNATURE and the static AWS credentials; the ECS/EKS task-role
/// endpoint variables stay, so an agent that uses its task role keeps working. pip, which runs whatever a
/// requirements file says (`-r /proc/self/environ`), gets no AWS_* variable at all, and its output is masked.
/// </summary>
internal static class WithheldEnvironment
{
    private static readonly string[] Credentials =
        [EnvNames.PackageUrl, EnvNames.PackageSignature, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"];

    /// <summary>What the agent worker does not inherit.</summary>
    public static bool FromWorker(string name) => Credentials.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// The environment the worker inherits: <paramref name="environment"/> minus what <see cref="FromWorker"/> keeps
    /// back. The manifest's ${VAR} values expand against this same set, so a withheld variable expands as if unset
    /// (its :-default applies) instead of being copied into worker-spec.json and the agent's os.environ.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ForWorker(IReadOnlyDictionary<string, string?> environment) =>
        environment.Where(p => !FromWorker(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>What pip does not inherit: the worker's list and every AWS_* variable.</summary>
    public static bool FromPip(string name) => FromWorker(name) || name.StartsWith("AWS_", StringComparison.Ordinal);

    /// <summary>The names in <paramref name="environment"/> that <paramref name="withheld"/> keeps back.</summary>
    public static IReadOnlyList<string> Names(IReadOnlyDictionary<string, string?> environment, Func<string, bool> withheld) =>
        [.. environment.Keys.Where(withheld)];

    /// <summary>
    /// Masks, in a line a child process wrote, the values of PAR's credentials and of every variable whose name looks
    /// secret: a child that got none of them could still read them from a file, and the log must not show them.
    /// </summary>
    public static Func<string, string> Masker(IReadOnlyDictionary<string, string?> environment)
    {
        var secrets = environment
            .Where(p => p.Value is { Length: >= 6 } && (FromPip(p.Key) || LogRedactor.IsSecretName(p.Key)))
            .Select(p => p.Value!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)
            .ToArray();
        return line =>
        {
            foreach (var secret in secrets)
            {
                if (line.Contains(secret, StringComparison.Ordinal))
                {
                    line = line.Replace(secret, Redaction.Mask, StringComparison.Ordinal);
                }
            }

            return line;
        };
    }
}
