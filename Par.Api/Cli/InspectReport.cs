using Par.Api.Agents.Manifest;

namespace Par.Api.Cli;

/// <summary>What `inspect` prints about a package (SPEC §1).</summary>
internal sealed record InspectReport
{
    public required string Path { get; init; }
    public string? Name { get; init; }
    public string? Version { get; init; }
    public string? Sha256 { get; init; }
    public int? Entries { get; init; }
    public long? UnpackedBytes { get; init; }
    public InspectSurfaces? Surfaces { get; init; }
    public InspectHandlers? Handlers { get; init; }
    public UiSection? Ui { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The report with what the manifest says, even when it has errors (they are listed alongside).</summary>
    public InspectReport WithManifest(AgentManifest manifest) => this with
    {
        Name = manifest.Name,
        Version = manifest.Version,
        Surfaces = new InspectSurfaces(manifest.DeclaresRest, manifest.DeclaresA2a, manifest.DeclaresUi),
        Handlers = new InspectHandlers(
            manifest.Entrypoint,
            manifest.A2a?.Service,
            manifest.AsgiApp,
            manifest.Rest?.Entry,
            [.. manifest.Exports.Select(e => new InspectExport(e.Name, e.Handler))]),
        Ui = manifest.Ui,
    };
}

internal sealed record InspectSurfaces(bool Rest, bool A2a, bool Ui);

internal sealed record InspectHandlers(string? Entrypoint, string? A2a, string? Asgi, string? RestEntry, IReadOnlyList<InspectExport> Exports);

internal sealed record InspectExport(string? Name, string? Handler);
