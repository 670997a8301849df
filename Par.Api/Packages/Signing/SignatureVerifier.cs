using System.Security.Cryptography;
using System.Text;
using Par.Api.Config;

namespace Par.Api.Packages.Signing;

internal enum SignatureStatus { Valid, Missing, Invalid }

/// <summary>The outcome of a signature check and, when it is not valid, why.</summary>
internal sealed record SignatureCheck(SignatureStatus Status, string Reason);

/// <summary>
/// Checks a package against a cosign <c>sign-blob --key</c> signature: ECDSA P-256 over SHA-256 of the exact package
/// bytes, the DER signature in base64 (what <c>openssl dgst -sha256 -sign</c> writes, base64-encoded).
/// </summary>
internal static class SignatureVerifier
{
    private const string PemMarker = "-----BEGIN";

    public static SignatureCheck Verify(string packageFile, string? publicKey, string? signature)
    {
        if (string.IsNullOrWhiteSpace(publicKey))
        {
            return new(SignatureStatus.Missing, $"no public key to verify with ({EnvNames.PackagePublicKey} is not set)");
        }

        if (string.IsNullOrWhiteSpace(signature))
        {
            return new(SignatureStatus.Missing, $"the package is unsigned ({EnvNames.PackageSignature} is not set)");
        }

        try
        {
            using var key = ReadKey(publicKey.Trim());
            var signatureBytes = ReadSignature(signature.Trim());
            using var package = File.OpenRead(packageFile);
            return key.VerifyData(package, signatureBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
                ? new(SignatureStatus.Valid, "the signature matches the package")
                : new(SignatureStatus.Invalid, $"the signature does not match the package bytes (or was made with another key than {EnvNames.PackagePublicKey})");
        }
        catch (SignatureInputException e)
        {
            return new(SignatureStatus.Invalid, e.Message);
        }
        catch (CryptographicException e)
        {
            return new(SignatureStatus.Invalid, $"the signature is not a DER-encoded ECDSA signature: {e.Message}");
        }
    }

    /// <summary>PACKAGE_PUBLIC_KEY holds the PEM itself or the path of a PEM file (cosign.pub).</summary>
    private static ECDsa ReadKey(string value)
    {
        var pem = value.Contains(PemMarker, StringComparison.Ordinal) ? value : ReadFile(value, EnvNames.PackagePublicKey);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new SignatureInputException($"{EnvNames.PackagePublicKey} is an ECDSA key on another curve than P-256");
            }

            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or SignatureInputException)
        {
            key.Dispose();
            throw e as SignatureInputException ?? new SignatureInputException($"{EnvNames.PackagePublicKey} is not an ECDSA P-256 public key in PEM: {e.Message}");
        }
    }

    /// <summary>
    /// PACKAGE_SIGNATURE holds the base64 text or the path of a file holding it (cosign --output-signature); a file
    /// with the raw DER bytes (openssl dgst -sign without base64) is accepted too.
    /// </summary>
    private static byte[] ReadSignature(string value)
    {
        // The file is looked for first: a path such as /run/sig is also valid base64.
        if (!File.Exists(value))
        {
            return TryBase64(value) ?? throw new SignatureInputException($"{EnvNames.PackageSignature} is neither base64 text nor an existing file");
        }

        var bytes = File.ReadAllBytes(value);
        return TryBase64(Encoding.ASCII.GetString(bytes).Trim()) ?? (bytes is [0x30, ..] ? bytes
            : throw new SignatureInputException($"{EnvNames.PackageSignature} file {value} holds neither base64 text nor a DER signature"));
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out var length) ? buffer[..length] : null;
    }

    private static string ReadFile(string path, string variable)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new SignatureInputException($"{variable} is neither PEM text nor a readable file: {e.Message}");
        }
    }

    private sealed class SignatureInputException(string message) : Exception(message);
}
