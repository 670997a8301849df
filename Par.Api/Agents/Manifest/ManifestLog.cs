using Par.Api.Logging;

namespace Par.Api.Agents.Manifest;

internal static partial class ManifestLog
{
    [LoggerMessage(EventId = LogEvents.Agents.ManifestLoaded, EventName = "manifest.loaded", Level = LogLevel.Information,
        Message = "Manifest of {PackageName} {PackageVersion} loaded")]
    public static partial void Loaded(ILogger logger, string packageName, string packageVersion, bool rest, bool a2a, bool ui);
}
