using Par.Api.Lifecycle.Boot;

namespace Par.Api.Packages.Extraction;

internal static class ExtractionExtensions
{
    public static IHostApplicationBuilder AddParExtraction(this IHostApplicationBuilder builder)
    {
        builder.Services.AddBootPhase<ExtractPhase>();
        return builder;
    }
}
