using Par.Api.Lifecycle;

namespace Par.Api.Agents;

internal static class AgentsExtensions
{
    public static IHostApplicationBuilder AddParAgents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IBootPhase, ManifestPhase>();
        return builder;
    }
}
