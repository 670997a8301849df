using System.Globalization;

namespace Par.Api.Agents.Manifest;

/// <summary>
/// The value types of SPEC §4's fields, checked on the YAML tree before it is mapped, so a mapping where a string
/// belongs is reported ("version must be a string, found a mapping") instead of being printed as a .NET type name.
/// A field that is absent or null is left to the validator's "required" rules.
/// </summary>
internal static class ManifestTypes
{
    private static readonly string[] TopLevelText = ["name", "version", "description", "display_name", "author", "license", "entrypoint", "http_server"];

    private static readonly (string Section, string[] Keys)[] Sections =
    [
        ("a2a", ["service", "entry", "http_server"]),
        ("rest", ["entry", "asgi"]),
        ("ui", ["path", "basePath", "base_path"]),
        ("metadata", ["version"]),
    ];

    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, object?> map)
    {
        var problems = new List<string>();
        void Add(string field, string expected, object? found) => problems.Add($"{ManifestReader.FileName}: {field} must be {expected}, found {Describe(found)}");

        foreach (var field in TopLevelText)
        {
            if (map.GetValueOrDefault(field) is { } value && !IsText(value))
            {
                Add(field, "a string", value);
            }
        }

        foreach (var (section, keys) in Sections)
        {
            switch (map.GetValueOrDefault(section))
            {
                case null:
                    break;
                case Dictionary<string, object?> inner:
                    foreach (var key in keys)
                    {
                        if (inner.GetValueOrDefault(key) is { } value && !IsText(value))
                        {
                            Add($"{section}.{key}", "a string", value);
                        }
                    }

                    break;
                case var other:
                    Add(section, "a mapping", other);
                    break;
            }
        }

        if (map.GetValueOrDefault("runtime") is { } runtime && !IsText(runtime) && runtime is not Dictionary<string, object?>)
        {
            Add("runtime", "a string such as python3.11 or a mapping such as {python: \">=3.9\"}", runtime);
        }

        CheckSequence(map, "capabilities", "a string", IsText, Add);
        CheckSequence(map, "exports", "a mapping {name, handler}", item => item is Dictionary<string, object?>, Add);
        if (map.GetValueOrDefault("exports") is List<object?> exports)
        {
            for (var i = 0; i < exports.Count; i++)
            {
                foreach (var key in (string[])["name", "handler"])
                {
                    if (exports[i] is Dictionary<string, object?> export && export.GetValueOrDefault(key) is { } value && !IsText(value))
                    {
                        Add($"exports[{i}].{key}", "a string", value);
                    }
                }
            }
        }

        switch (map.GetValueOrDefault("environment"))
        {
            case null:
                break;
            case Dictionary<string, object?> environment:
                foreach (var (name, value) in environment)
                {
                    if (value is Dictionary<string, object?> or List<object?>)
                    {
                        Add($"environment.{name}", "a string, number or boolean", value);
                    }
                }

                break;
            case var other:
                Add("environment", "a mapping of variable names to values", other);
                break;
        }

        return problems;
    }

    private static void CheckSequence(IReadOnlyDictionary<string, object?> map, string field, string itemType, Func<object?, bool> isItem, Action<string, string, object?> add)
    {
        switch (map.GetValueOrDefault(field))
        {
            case null:
                break;
            case List<object?> items:
                for (var i = 0; i < items.Count; i++)
                {
                    if (!isItem(items[i]))
                    {
                        add($"{field}[{i}]", itemType, items[i]);
                    }
                }

                break;
            case var other:
                add(field, "a sequence", other);
                break;
        }
    }

    /// <summary>Strings and numbers (version: 1.2 is common); not booleans, mappings or sequences.</summary>
    private static bool IsText(object? value) => value is string or long or double;

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => $"the string '{text}'",
        bool flag => $"the boolean {(flag ? "true" : "false")}",
        long or double => $"the number {Convert.ToString(value, CultureInfo.InvariantCulture)}",
        Dictionary<string, object?> => "a mapping",
        List<object?> => "a sequence",
        var other => other.GetType().Name,
    };
}
