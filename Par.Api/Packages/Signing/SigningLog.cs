using Par.Api.Logging;

namespace Par.Api.Packages.Signing;

internal static partial class SigningLog
{
    [LoggerMessage(EventId = LogEvents.Packages.PackageSignatureVerified, EventName = "package.signature.verified", Level = LogLevel.Information,
        Message = "Package signature verified")]
    public static partial void Verified(ILogger logger, string? sha256);

    [LoggerMessage(EventId = LogEvents.Packages.PackageSignatureMissing, EventName = "package.signature.missing", Level = LogLevel.Warning,
        Message = "Package signature not checked: {Reason}; continuing (SIGNATURE_POLICY=warn)")]
    public static partial void Missing(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEvents.Packages.PackageSignatureInvalid, EventName = "package.signature.invalid", Level = LogLevel.Warning,
        Message = "Package signature invalid: {Reason}; continuing (SIGNATURE_POLICY=warn)")]
    public static partial void Invalid(ILogger logger, string reason);
}
