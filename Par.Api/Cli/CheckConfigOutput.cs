using Par.Api.Config;

namespace Par.Api.Cli;

/// <summary>What check-config prints: the effective configuration, the warnings it earns and every error.</summary>
internal sealed record CheckConfigOutput(
    bool Valid,
    IReadOnlyDictionary<string, string?> Configuration,
    IReadOnlyList<ConfigWarning> Warnings,
    IReadOnlyList<ConfigError> Errors);

/// <summary>The config.invalid line: the same shape as the runtime's JSON log lines, written before logging exists.</summary>
internal sealed record ConfigInvalidLine(
    string Ts, string Level, string Event, string Message, string? AgentAppId, string? DeploymentId, IReadOnlyList<ConfigError> Errors);
