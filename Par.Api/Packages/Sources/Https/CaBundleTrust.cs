using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Par.Api.Config;
using Par.Api.Packages.Download;

namespace Par.Api.Packages.Sources.Https;

/// <summary>
/// Server certificate validation for downloads: the system trust store as always, and in addition the CA certificates
/// of PACKAGE_CA_BUNDLE when it is set. A name mismatch or a missing certificate is never forgiven.
/// </summary>
internal sealed class CaBundleTrust(X509Certificate2Collection? roots)
{
    public static CaBundleTrust Load(string? bundlePath)
    {
        if (bundlePath is null)
        {
            return new CaBundleTrust(null);
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(bundlePath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw PackageFetchException.Permanent($"{EnvNames.PackageCaBundle} {bundlePath} cannot be read: {e.Message}", inner: e);
        }

        return roots.Count > 0
            ? new CaBundleTrust(roots)
            : throw PackageFetchException.Permanent($"{EnvNames.PackageCaBundle} {bundlePath} holds no PEM certificate");
    }

    /// <summary>Accepts a trusted certificate; otherwise throws with the reason, which the handler would lose if we returned false.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (roots is not null && errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null
            && TrustedBy(roots, certificate, chain))
        {
            return true;
        }

        var host = (sender as SslStream)?.TargetHostName;
        var status = chain?.ChainStatus.Select(s => s.Status.ToString()) ?? [];
        var hint = roots is null && errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors)
            ? $"; set {EnvNames.PackageCaBundle} to trust a private CA"
            : string.Empty;
        throw PackageFetchException.Permanent(
            $"the TLS certificate of {host} is not trusted ({string.Join(", ", [errors.ToString(), .. status])}){hint}");
    }

    private static bool TrustedBy(X509Certificate2Collection trustedRoots, X509Certificate certificate, X509Chain? chain)
    {
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var element in chain?.ChainElements.Skip(1) ?? [])
        {
            custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
