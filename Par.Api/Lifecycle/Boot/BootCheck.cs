namespace Par.Api.Lifecycle.Boot;

/// <summary>
/// One readiness check of /ready: its key and its place in the body (lower first). Each feature registers its own
/// with <see cref="BootRegistration.AddBootCheck"/>; <see cref="BootState"/> starts with all of them pending.
/// </summary>
internal sealed record BootCheck(string Name, int Order)
{
    /// <summary>The configuration: ok once boot begins (an invalid one never starts the host). Also what an unowned failure fails.</summary>
    public static readonly BootCheck Config = new("config", 0);
}
