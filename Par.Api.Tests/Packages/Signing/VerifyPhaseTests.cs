using Microsoft.Extensions.Logging;
using Par.Api.Config;
using Par.Api.Lifecycle.Boot;
using Par.Api.Lifecycle.Exit;
using Par.Api.Packages.Signing;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages.Signing;

public sealed class VerifyPhaseTests(SigningKeys keys) : IClassFixture<SigningKeys>, IDisposable
{
    private readonly TempDirectory _dir = new("par-verify");
    private readonly CapturedLogs _logs = new();

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Verify_OpensslSignature_EnforcePasses(bool keyAsFile, bool signatureAsFile)
    {
        var package = Package();
        var signature = keys.Sign(package);
        var signatureValue = signatureAsFile ? _dir.Write("package.sig", signature + "\n") : signature;

        await RunAsync(package, "enforce", keyAsFile ? keys.PublicKeyPath : keys.PublicKeyPem, signatureValue);

        Assert.Contains("package.signature.verified", _logs.Entries.Select(e => e.Event));
    }

    [Theory]
    [InlineData("package")]
    [InlineData("signature")]
    public async Task Verify_FlippedByte_EnforceExits65(string flipped)
    {
        var (package, signature) = SignedWithFlippedByte(flipped);

        var failure = await Assert.ThrowsAsync<BootFailureException>(() => RunAsync(package, "enforce", keys.PublicKeyPath, signature));

        Assert.Equal(ExitCodes.PackageInvalid, failure.ExitCode);
        Assert.Contains("signature", failure.Message);
        Assert.Contains("SIGNATURE_POLICY=enforce", failure.Message);
    }

    [Theory]
    [InlineData("package")]
    [InlineData("signature")]
    public async Task Verify_FlippedByte_WarnLogsInvalidAndGoesOn(string flipped)
    {
        var (package, signature) = SignedWithFlippedByte(flipped);

        await RunAsync(package, "warn", keys.PublicKeyPath, signature);

        var warning = Assert.Single(_logs.Entries, e => e.Event == "package.signature.invalid");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.DoesNotContain("package.signature.verified", _logs.Entries.Select(e => e.Event));
    }

    [Fact]
    public async Task Verify_Unsigned_EnforceExits65AndWarnLogsMissing()
    {
        var package = Package();

        var failure = await Assert.ThrowsAsync<BootFailureException>(() => RunAsync(package, "enforce", keys.PublicKeyPath, signature: null));
        await RunAsync(package, "warn", keys.PublicKeyPath, signature: null);

        Assert.Equal(ExitCodes.PackageInvalid, failure.ExitCode);
        Assert.Contains("unsigned", failure.Message);
        Assert.Contains("package.signature.missing", _logs.Entries.Select(e => e.Event));
    }

    [Fact]
    public async Task Verify_DirectoryPackageUnderEnforce_Exits65SayingThereIsNothingToVerify()
    {
        var context = new BootContext { PackageDirectory = TestPackages.Minimal(_dir) };

        var failure = await Assert.ThrowsAsync<BootFailureException>(() => Phase("enforce", keys.PublicKeyPath, "c2ln").RunAsync(context, CancellationToken.None));

        Assert.Equal(ExitCodes.PackageInvalid, failure.ExitCode);
        Assert.Contains("directory", failure.Message);
    }

    [Fact]
    public async Task Verify_KeyOnAnotherCurve_EnforceExits65NamingP256()
    {
        var package = Package();
        var (privateKey, publicKey) = keys.OtherCurve();

        var failure = await Assert.ThrowsAsync<BootFailureException>(() => RunAsync(package, "enforce", publicKey, keys.Sign(package, privateKey)));

        Assert.Contains("P-256", failure.Message);
    }

    [Fact]
    public async Task Verify_PolicyOff_AcceptsABadSignatureWithoutLooking()
    {
        var (package, signature) = SignedWithFlippedByte("signature");

        await RunAsync(package, "off", keys.PublicKeyPath, signature);

        Assert.Empty(_logs.Entries.Select(e => e.Event));
    }

    public void Dispose() => _dir.Dispose();

    private string Package() => TestZips.Build(_dir.Combine("demo.apkg"), ZipItem.Text("agent.yaml", TestZips.MinimalManifest));

    private (string Package, string Signature) SignedWithFlippedByte(string flipped)
    {
        var package = Package();
        var signature = keys.Sign(package);
        if (flipped == "package")
        {
            var bytes = File.ReadAllBytes(package);
            bytes[bytes.Length / 2] ^= 0x01;
            File.WriteAllBytes(package, bytes);
            return (package, signature);
        }

        var der = Convert.FromBase64String(signature);
        der[^1] ^= 0x01;
        return (package, Convert.ToBase64String(der));
    }

    private Task RunAsync(string package, string policy, string publicKey, string? signature) =>
        Phase(policy, publicKey, signature).RunAsync(new BootContext { PackageFile = package }, CancellationToken.None);

    private VerifyPhase Phase(string policy, string publicKey, string? signature) =>
        new(
            ParEnvironment.ForPhase(_dir.Combine("work"))
                .With(EnvNames.SignaturePolicy, policy)
                .With(EnvNames.PackagePublicKey, publicKey)
                .With(EnvNames.PackageSignature, signature)
                .Options(),
            _logs.CreateLogger<VerifyPhase>());
}
