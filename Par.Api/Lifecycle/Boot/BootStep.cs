namespace Par.Api.Lifecycle.Boot;

/// <summary>
/// A long step's progress as the feature doing it counts: named counts in the feature's order (a count not known yet
/// is left out) and its latest line of detail.
/// </summary>
internal sealed record StepProgress(IReadOnlyList<KeyValuePair<string, long>> Counts, string? Detail = null);

/// <summary>The step of the current phase that is under way (a feature's name for it) and, once it reported one, its progress.</summary>
internal sealed record BootStep(string Name, StepProgress? Progress = null);
