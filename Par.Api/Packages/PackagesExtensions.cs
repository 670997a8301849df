using Par.Api.Lifecycle;

namespace Par.Api.Packages;

internal static class PackagesExtensions
{
    public static IHostApplicationBuilder AddParPackages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IBootPhase, FetchPhase>();
        return builder;
    }
}
