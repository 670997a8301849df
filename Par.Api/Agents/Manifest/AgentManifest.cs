namespace Par.Api.Agents.Manifest;

/// <summary>agent.yaml as pixell-kit writes it (SPEC §4). Unknown fields are kept in <see cref="Extra"/> for /meta.</summary>
internal sealed record AgentManifest
{
    public string? Name { get; init; }
    public string? Version { get; init; }
    public string? Description { get; init; }
    public string? DisplayName { get; init; }
    public string? Author { get; init; }
    public string? License { get; init; }
    public IReadOnlyList<string> Capabilities { get; init; } = [];
    public IReadOnlyDictionary<string, object?> Metadata { get; init; } = new Dictionary<string, object?>();

    /// <summary><see cref="Metadata"/> as JSON text, for DescribeCapabilities (a map of strings); "{}" when absent.</summary>
    public string MetadataJson { get; init; } = "{}";

    /// <summary>"python3.x", or the text of a map such as {python: ">=3.9"}.</summary>
    public string? Runtime { get; init; }
    public string? Entrypoint { get; init; }
    public A2aSection? A2a { get; init; }
    public RestSection? Rest { get; init; }
    public string? HttpServer { get; init; }
    public UiSection? Ui { get; init; }
    public IReadOnlyList<ExportEntry> Exports { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, object?> Extra { get; init; } = new Dictionary<string, object?>();

    /// <summary>The ASGI application ("module:attribute"), from http_server or rest.asgi.</summary>
    public string? AsgiApp => HttpServer ?? Rest?.Asgi;

    public bool DeclaresRest => AsgiApp is not null || Rest?.Entry is not null;

    public bool DeclaresA2a => A2a is not null || Exports.Count > 0;

    public bool DeclaresUi => Ui is not null;

    /// <summary>Only an entrypoint: the worker runs it as the agent's long-running task (docs/python-agents.md).</summary>
    public bool EntrypointOnly => Entrypoint is not null && !DeclaresRest && !DeclaresA2a && !DeclaresUi;
}

/// <summary>The A2A handler factory: a2a.service, a2a.entry or a2a.http_server (pixell-sdk's name for it).</summary>
internal sealed record A2aSection(string? Service);

internal sealed record RestSection(string? Entry, string? Asgi);

internal sealed record UiSection(string? Path, string? BasePath);

internal sealed record ExportEntry(string? Name, string? Handler);
