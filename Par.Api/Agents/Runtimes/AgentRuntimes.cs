using Par.Api.Agents.Manifest;

namespace Par.Api.Agents.Runtimes;

internal static class AgentRuntimes
{
    /// <summary>The first runtime that handles <paramref name="manifest"/>; null for a package without agent code (only a UI).</summary>
    public static IAgentRuntime? For(IEnumerable<IAgentRuntime> runtimes, AgentManifest manifest) =>
        runtimes.FirstOrDefault(r => r.Handles(manifest));
}
