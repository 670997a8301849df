using Par.Api.Agents.Manifest;
using Par.Api.Agents.Skills;

namespace Par.Api.Agents;

/// <summary>
/// What is loaded now: the manifest once the manifest phase read it, the worker once it started. Written by the boot
/// phases in order, read by every surface (they see null until then).
/// </summary>
internal sealed class RunningAgent
{
    private AgentManifest? _manifest;
    private IAgentWorker? _worker;
    private AgentSkill[]? _skills;

    public AgentManifest? Manifest => Volatile.Read(ref _manifest);

    public IAgentWorker? Worker => Volatile.Read(ref _worker);

    /// <summary>The worker's actions; empty before it loaded and for a package with no handlers.</summary>
    public IReadOnlyList<string> Actions => Worker?.Actions ?? [];

    /// <summary>Whether the agent serves an ASGI app that REST calls are forwarded to.</summary>
    public bool HasAsgi => Worker?.HasAsgi ?? false;

    /// <summary>One skill per action, described from the manifest and the handlers (A2A card, MCP tools); empty until the worker loaded.</summary>
    public IReadOnlyList<AgentSkill> Skills =>
        Volatile.Read(ref _skills) ?? (Manifest is { } manifest && Worker is { } worker ? Describe(manifest, worker) : []);

    public void ManifestLoaded(AgentManifest manifest) => Volatile.Write(ref _manifest, manifest);

    public void WorkerStarted(IAgentWorker worker) => Volatile.Write(ref _worker, worker);

    private AgentSkill[] Describe(AgentManifest manifest, IAgentWorker worker)
    {
        var skills = SkillCatalog.Describe(manifest, worker.Actions, worker.Docs);
        Volatile.Write(ref _skills, skills);
        return skills;
    }
}
