using Par.Api.Lifecycle.Boot;

namespace Par.Api.Agents;

/// <summary>The readiness checks of the agent: its manifest, its runtime's installation and its running worker.</summary>
internal static class AgentChecks
{
    public static readonly BootCheck Manifest = new("manifest", 20);

    public static readonly BootCheck Install = new("install", 30);

    public static readonly BootCheck Worker = new("worker", 40);
}
