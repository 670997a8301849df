using Par.Api.Lifecycle.Boot;

namespace Par.Api.Surfaces;

/// <summary>The readiness check of each surface: its self-check over loopback (ui is skipped without a UI).</summary>
internal static class SurfaceChecks
{
    public static readonly BootCheck Rest = new("rest", 50);

    /// <summary>The gRPC listener's check; its key stays "a2a" (SPEC's name for the A2A_PORT surface).</summary>
    public static readonly BootCheck A2a = new("a2a", 60);

    public static readonly BootCheck Ui = new("ui", 70);
}
