using Par.Api.Lifecycle.Boot;

namespace Par.Api.Packages.Signing;

internal static class SigningExtensions
{
    public static IHostApplicationBuilder AddParSigning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddBootPhase<VerifyPhase>();
        return builder;
    }
}
