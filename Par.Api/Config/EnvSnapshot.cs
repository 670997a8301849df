using System.Collections;

namespace Par.Api.Config;

/// <summary>
/// The raw values of the declared variables, taken once. This is the only place that reads the process
/// environment; everything after it works on typed options.
/// </summary>
internal sealed class EnvSnapshot(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyDictionary<string, string> Values { get; } = values;

    public static EnvSnapshot FromProcess() => From(ProcessVariables());

    public static EnvSnapshot From(IReadOnlyDictionary<string, string?> environment)
    {
        var declared = EnvSchema.Instance.ByName;
        var values = environment
            .Where(p => declared.ContainsKey(p.Key) && p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
        return new EnvSnapshot(values);
    }

    /// <summary>The value as given, or null when unset. An empty string counts as set.</summary>
    public string? Raw(string name) => Values.TryGetValue(name, out var value) ? value : null;

    /// <summary>The value, or the schema default when unset or blank.</summary>
    public string? Effective(string name)
    {
        var raw = Raw(name);
        return string.IsNullOrWhiteSpace(raw) && !EnvSchema.Instance[name].Required ? EnvSchema.Instance[name].Default : raw;
    }

    /// <summary>
    /// The whole process environment, for expanding the manifest's ${VAR:-default} values that the agent's
    /// worker inherits. PAR itself never acts on these values.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Inherited() => ProcessVariables();

    private static Dictionary<string, string?> ProcessVariables()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }

        return result;
    }
}
