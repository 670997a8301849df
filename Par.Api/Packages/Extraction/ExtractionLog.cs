using Par.Api.Logging;

namespace Par.Api.Packages.Extraction;

internal static partial class ExtractionLog
{
    [LoggerMessage(EventId = LogEvents.Packages.PackageExtracted, EventName = "package.extracted", Level = LogLevel.Information,
        Message = "Package unpacked: {Entries} entries, {UnpackedBytes} bytes, into {Directory}")]
    public static partial void Extracted(ILogger logger, int entries, long unpackedBytes, string directory);
}
