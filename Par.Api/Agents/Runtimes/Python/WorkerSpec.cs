using System.Text.Json;
using System.Text.Json.Serialization;
using Par.Api.Agents.Manifest;

namespace Par.Api.Agents.Runtimes.Python;

/// <summary>What the Python worker loads, written as JSON for `par_worker.pyz --spec`.</summary>
internal sealed record WorkerSpec
{
    public required string PackageDir { get; init; }
    public required string RootPath { get; init; }
    public string? Entrypoint { get; init; }
    public bool RunEntrypoint { get; init; }
    public string? A2a { get; init; }
    public IReadOnlyList<WorkerExport> Exports { get; init; } = [];
    public string? Asgi { get; init; }
    public string? RestEntry { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public static WorkerSpec From(AgentManifest manifest, string packageDirectory, string basePath, IReadOnlyDictionary<string, string> environment) => new()
    {
        PackageDir = packageDirectory,
        RootPath = basePath == "/" ? string.Empty : basePath,
        Entrypoint = manifest.Entrypoint,
        RunEntrypoint = manifest.EntrypointOnly,
        A2a = manifest.A2a?.Service,
        Exports = manifest.Exports.Select(e => new WorkerExport(e.Name!, e.Handler!)).ToList(),
        Asgi = manifest.AsgiApp,
        RestEntry = manifest.Rest?.Entry,
        Environment = environment,
    };

    public string ToJson() => JsonSerializer.Serialize(this, WorkerJson.Default.WorkerSpec);
}

internal sealed record WorkerExport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("handler")] string Handler);

/// <summary>The status file the worker writes once: loaded with its actions, or failed with the traceback.</summary>
internal sealed record WorkerStatus(string State, IReadOnlyList<string>? Actions, bool Asgi, string? Error, string? Traceback, int? Pid,
    IReadOnlyList<string>? Warnings = null, IReadOnlyDictionary<string, string>? Docs = null);
