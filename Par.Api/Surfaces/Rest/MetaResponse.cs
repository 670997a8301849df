namespace Par.Api.Surfaces.Rest;

/// <summary>The body of {BASE}/meta: the package, its surfaces, boot timings per phase and the runtime.</summary>
internal sealed record MetaResponse
{
    public string? Name { get; init; }
    public string? Version { get; init; }
    public string? Description { get; init; }
    public string? DisplayName { get; init; }
    public string? Author { get; init; }
    public string? License { get; init; }
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>The manifest's `metadata` map (skills, sub_agents, tags...), as agent.yaml gives it.</summary>
    public IReadOnlyDictionary<string, object?>? Metadata { get; init; }
    public string? Sha256 { get; init; }
    public required string AgentAppId { get; init; }
    public string? DeploymentId { get; init; }
    public required string RuntimeVersion { get; init; }

    /// <summary>The agent's worker processes alive now (WORKER_PROCESSES; one restarting is not counted); null without a worker.</summary>
    public int? Workers { get; init; }
    public required string BasePath { get; init; }
    public required string Status { get; init; }
    public required MetaSurfaces Surfaces { get; init; }
    public required IReadOnlyList<string> Actions { get; init; }
    public double? BootMs { get; init; }
    public required IReadOnlyDictionary<string, double> Phases { get; init; }

    /// <summary>The manifest's fields beyond those PAR uses, as agent.yaml gives them.</summary>
    public IReadOnlyDictionary<string, object?>? Manifest { get; init; }
}

/// <summary>Which surfaces the package declares.</summary>
internal sealed record MetaSurfaces(bool Rest, bool A2a, bool Ui);
