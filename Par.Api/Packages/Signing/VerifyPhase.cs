using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;

namespace Par.Api.Packages.Signing;

/// <summary>
/// The verify phase: checks the package file's signature under SIGNATURE_POLICY before anything is unpacked.
/// enforce refuses (65), warn logs and goes on, off skips.
/// </summary>
internal sealed class VerifyPhase(ParOptions options, ILogger<VerifyPhase> logger) : IBootPhase
{
    public string Name => "verify";

    public int Order => 200;

    public BootCheck Check => PackageChecks.Package;

    public Task RunAsync(BootContext context, CancellationToken cancellationToken)
    {
        var package = options.Package;
        if (package.SignaturePolicy == SignaturePolicy.Off)
        {
            return Task.CompletedTask;
        }

        var check = context.PackageFile is { } file
            ? SignatureVerifier.Verify(file, package.PublicKey, package.Signature)
            : new SignatureCheck(SignatureStatus.Missing,
                $"the package is a directory ({EnvNames.AgentPackagePath}), so there are no package bytes to verify");

        if (check.Status == SignatureStatus.Valid)
        {
            SigningLog.Verified(logger, context.PackageSha256);
            return Task.CompletedTask;
        }

        if (package.SignaturePolicy == SignaturePolicy.Enforce)
        {
            throw new BootFailureException(ExitCodes.PackageInvalid, PackageChecks.Package,
                $"package signature refused: {check.Reason} ({EnvNames.SignaturePolicy}=enforce)");
        }

        if (check.Status == SignatureStatus.Missing)
        {
            SigningLog.Missing(logger, check.Reason);
        }
        else
        {
            SigningLog.Invalid(logger, check.Reason);
        }

        return Task.CompletedTask;
    }
}
