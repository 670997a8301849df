using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Par.Api.Tests.Packages;

/// <summary>A test CA and a server certificate it issued for 127.0.0.1 and localhost, made once per test run.</summary>
internal static class TestCertificates
{
    private static readonly Lazy<(X509Certificate2 Ca, X509Certificate2 Server)> Pair = new(Create);

    public static X509Certificate2 Server => Pair.Value.Server;

    public static string CaPem => Pair.Value.Ca.ExportCertificatePem();

    /// <summary>Writes the CA certificate as PEM into the directory, for PACKAGE_CA_BUNDLE.</summary>
    public static string WriteCaBundle(string directory)
    {
        var path = Path.Combine(directory, "ca.pem");
        File.WriteAllText(path, CaPem);
        return path;
    }

    private static (X509Certificate2, X509Certificate2) Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=PAR Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        // RSA: WireMock serializes its settings, and X509Certificate2.PrivateKey throws for ECDSA keys.
        var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddDays(-1), now.AddDays(29),
            RandomNumberGenerator.GetBytes(8));
        return (ca, issued.CopyWithPrivateKey(serverKey));
    }
}
