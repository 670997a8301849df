using System.Diagnostics;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Packages.Signing;

/// <summary>A P-256 key pair made by openssl, and signatures made the way cosign sign-blob --key makes them.</summary>
public sealed class SigningKeys : IDisposable
{
    private readonly TempDirectory _dir = new("par-keys");

    public SigningKeys()
    {
        PrivateKeyPath = _dir.Combine("key.pem");
        PublicKeyPath = _dir.Combine("key.pub");
        Run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", PrivateKeyPath);
        Run("openssl", "ec", "-in", PrivateKeyPath, "-pubout", "-out", PublicKeyPath);
    }

    public string PrivateKeyPath { get; }

    public string PublicKeyPath { get; }

    public string PublicKeyPem => File.ReadAllText(PublicKeyPath);

    /// <summary>openssl dgst -sha256 -sign key.pem FILE | base64 -w0: the DER signature in base64, as cosign prints it.</summary>
    public string Sign(string file, string? privateKey = null) =>
        Run("bash", "-c", "openssl dgst -sha256 -sign \"$1\" \"$2\" | base64 -w0", "sign", privateKey ?? PrivateKeyPath, file).Trim();

    /// <summary>A key pair on another curve (P-384), to show that only P-256 is accepted.</summary>
    public (string PrivateKey, string PublicKey) OtherCurve()
    {
        var privateKey = _dir.Combine("p384.pem");
        var publicKey = _dir.Combine("p384.pub");
        Run("openssl", "ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", privateKey);
        Run("openssl", "ec", "-in", privateKey, "-pubout", "-out", publicKey);
        return (privateKey, publicKey);
    }

    public void Dispose() => _dir.Dispose();

    private static string Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{program} failed: {stderr}");
    }
}
