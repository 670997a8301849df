namespace Par.Api.Lifecycle;

/// <summary>The effective configuration (defaults applied, secrets redacted) as logged by config.loaded.</summary>
internal sealed record EffectiveConfiguration(IReadOnlyDictionary<string, string?> Values);
