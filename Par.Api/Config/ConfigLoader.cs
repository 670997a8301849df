using FluentValidation.Results;

namespace Par.Api.Config;

/// <summary>One configuration error: the variable, its (redacted) value and the rule it broke.</summary>
internal sealed record ConfigError(string Variable, string? Value, string Rule)
{
    public override string ToString() =>
        Value is null ? $"{Variable}: {Rule} (unset)" : $"{Variable}={Quote(Value)}: {Rule}";

    private static string Quote(string value) => "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)
        .Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}

/// <summary>The outcome of loading the environment: options when valid, else every error at once.</summary>
internal sealed record ConfigResult(ParOptions? Options, IReadOnlyList<ConfigError> Errors, EnvSnapshot Snapshot)
{
    public bool IsValid => Options is not null;
}

internal static class ConfigLoader
{
    public static ConfigResult Load(EnvSnapshot snapshot)
    {
        var schema = EnvSchema.Instance;
        var failures = new SchemaValidator(schema).Validate(snapshot).Errors;
        var crossFailures = new CrossFieldValidator().Validate(snapshot).Errors
            .Where(f => failures.All(s => s.PropertyName != f.PropertyName));
        var errors = failures.Concat(crossFailures).Select(f => ToError(schema, snapshot, f)).ToList();
        return errors.Count == 0
            ? new ConfigResult(OptionsBinder.Bind(snapshot), [], snapshot)
            : new ConfigResult(null, errors, snapshot);
    }

    public static ConfigResult Load(IReadOnlyDictionary<string, string?> environment) => Load(EnvSnapshot.From(environment));

    private static ConfigError ToError(EnvSchema schema, EnvSnapshot snapshot, ValidationFailure failure)
    {
        var variable = schema[failure.PropertyName];
        return new ConfigError(variable.Name, Redaction.Value(variable, snapshot.Raw(variable.Name)), failure.ErrorMessage);
    }

    /// <summary>The effective configuration as name → redacted value, for check-config and config.loaded.</summary>
    public static IReadOnlyDictionary<string, string?> Effective(EnvSnapshot snapshot) => EffectiveConfig.From(snapshot);
}
