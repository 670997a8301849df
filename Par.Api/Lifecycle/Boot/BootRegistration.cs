using System.Diagnostics.CodeAnalysis;

namespace Par.Api.Lifecycle.Boot;

/// <summary>How a feature joins the boot: its phases and the readiness checks they set.</summary>
internal static class BootRegistration
{
    public static IServiceCollection AddBootPhase<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TPhase>(this IServiceCollection services)
        where TPhase : class, IBootPhase =>
        services.AddSingleton<IBootPhase, TPhase>();

    public static IServiceCollection AddBootCheck(this IServiceCollection services, BootCheck check) =>
        services.AddSingleton(check);
}
