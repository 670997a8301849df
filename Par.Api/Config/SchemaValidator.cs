using System.Globalization;
using System.Linq.Expressions;
using FluentValidation;

namespace Par.Api.Config;

/// <summary>
/// Validation rules generated from the schema's keywords (required, type, minimum/maximum, pattern, enum),
/// one rule chain per declared variable. Unset optional variables take their default and are not checked.
/// Every rule reads the variable from <see cref="EnvSnapshot.Values"/>: FluentValidation compiles the accessor
/// expression of each rule, and a member access is compiled once and cached, where `e => e.Raw(name)` was compiled
/// anew for each of the ~100 rules (~15 ms of every start).
/// </summary>
internal sealed class SchemaValidator : AbstractValidator<EnvSnapshot>
{
    /// <summary>The accessor every rule reads, built once: `e => e.Values` written at each rule was ~150 expression trees per start.</summary>
    private static readonly Expression<Func<EnvSnapshot, IReadOnlyDictionary<string, string>>> Values = e => e.Values;

    public SchemaValidator(EnvSchema schema)
    {
        foreach (var variable in schema.Variables)
        {
            AddRules(variable);
        }
    }

    private void AddRules(EnvVariable variable)
    {
        var name = variable.Name;
        if (variable.Required)
        {
            RuleFor(Values).Must(values => values.ContainsKey(name)).OverridePropertyName(name).WithMessage("is required");
        }

        RuleFor(Values)
            .Must(values => TypeMatches(variable, values[name]))
            .When(e => IsGiven(variable, e.Raw(name)))
            .OverridePropertyName(name)
            .WithMessage(TypeMessage(variable));

        if (variable.Minimum is not null || variable.Maximum is not null)
        {
            RuleFor(Values)
                .Must(values => InRange(variable, values[name]))
                .When(e => IsGiven(variable, e.Raw(name)) && TypeMatches(variable, e.Raw(name)!))
                .OverridePropertyName(name)
                .WithMessage(RangeMessage(variable));
        }

        if (variable.Pattern is { } pattern)
        {
            var regex = SchemaPattern.Compile(pattern);
            RuleFor(Values)
                .Must(values => regex.IsMatch(values[name]))
                .When(e => e.Raw(name) is not null && (variable.Required || e.Raw(name)!.Length > 0))
                .OverridePropertyName(name)
                .WithMessage(variable.PatternMessage ?? $"must match the pattern {pattern}");
        }

        if (variable.Enum.Count > 0)
        {
            RuleFor(Values)
                .Must(values => variable.Enum.Contains(values[name].Trim(), StringComparer.OrdinalIgnoreCase))
                .When(e => IsGiven(variable, e.Raw(name)))
                .OverridePropertyName(name)
                .WithMessage($"must be one of {string.Join(", ", variable.Enum)}");
        }
    }

    /// <summary>Blank optional values mean "use the default"; only non-blank ones are checked for type and range.</summary>
    private static bool IsGiven(EnvVariable variable, string? value) =>
        value is not null && (variable.Required || !string.IsNullOrWhiteSpace(value));

    private static bool TypeMatches(EnvVariable variable, string value) => variable.Type switch
    {
        "integer" => EnvValues.TryInteger(value, out _),
        "number" => EnvValues.TryNumber(value, out _),
        "boolean" => EnvValues.TryBool(value, out _),
        _ => true,
    };

    private static bool InRange(EnvVariable variable, string value)
    {
        EnvValues.TryNumber(value, out var number);
        return (variable.Minimum is not { } min || number >= min) && (variable.Maximum is not { } max || number <= max);
    }

    private static string TypeMessage(EnvVariable variable) => variable.Type switch
    {
        "integer" => "must be an integer",
        "number" => "must be a number",
        "boolean" => "must be one of true/false/1/0/yes/no/on/off",
        _ => "has the wrong type",
    };

    private static string RangeMessage(EnvVariable variable) => (variable.Minimum, variable.Maximum) switch
    {
        ({ } min, { } max) => $"must be between {Format(min)} and {Format(max)}",
        ({ } min, null) => $"must be at least {Format(min)}",
        (null, { } max) => $"must be at most {Format(max)}",
        _ => string.Empty,
    };

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
