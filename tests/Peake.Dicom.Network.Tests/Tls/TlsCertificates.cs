using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Peake.Dicom.Network.Tests.Tls;

/// <summary>
/// A throwaway PKI made at test time (never committed): a test CA, a server certificate for 127.0.0.1/localhost, a
/// client certificate from the same CA and one from an unrelated CA. Each is also written as PEM for dcmtk into a
/// temp folder deleted on dispose.
/// </summary>
public sealed class TlsCertificates : IDisposable
{
    public TlsCertificates()
    {
        Directory = Path.Combine(Path.GetTempPath(), "peake-tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Authority = CreateAuthority("Peake Test CA");
        using var otherAuthority = CreateAuthority("Unrelated CA");
        Server = Issue(Authority, "peake-server", server: true, "server");
        Client = Issue(Authority, "peake-client", server: false, "client");
        StrangerClient = Issue(otherAuthority, "stranger", server: false, "stranger");
        RevokedClient = Issue(Authority, "revoked-client", server: false, "revoked-client");
        RevokedServer = Issue(Authority, "revoked-server", server: true, "revoked-server");
        Node = Issue(Authority, "peake-node", server: true, "node", alsoClient: true);
        Intermediate = CreateIntermediate(Authority, "Peake Test Issuing CA");
        IntermediateClient = Issue(Intermediate, "intermediate-client", server: false, "intermediate-client");
        IntermediateClientChainPem = Path.Combine(Directory, "intermediate-client-chain.pem");
        File.WriteAllText(IntermediateClientChainPem, IntermediateClient.Certificate.ExportCertificatePem() + "\n" + Intermediate.ExportCertificatePem() + "\n");
        AuthorityPem = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(AuthorityPem, Authority.ExportCertificatePem());

        // The CA's CRL, listing the two revoked certificates: PEM for dcmtk and our PEM loader, DER for the other one.
        var crl = new CertificateRevocationListBuilder();
        crl.AddEntry(RevokedClient.Certificate, DateTimeOffset.UtcNow.AddMinutes(-5), X509RevocationReason.KeyCompromise);
        crl.AddEntry(RevokedServer.Certificate, DateTimeOffset.UtcNow.AddMinutes(-5), X509RevocationReason.Superseded);
        var der = crl.Build(Authority, BigInteger.One, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256);
        CrlDer = Path.Combine(Directory, "ca-crl.der");
        CrlPem = Path.Combine(Directory, "ca-crl.pem");
        File.WriteAllBytes(CrlDer, der);
        File.WriteAllText(CrlPem, PemEncoding.WriteString("X509 CRL", der));

        // The same list signed by the unrelated CA under this CA's name: a forgery that must revoke nothing.
        var forged = new CertificateRevocationListBuilder();
        forged.AddEntry(Client.Certificate, DateTimeOffset.UtcNow.AddMinutes(-5));
        ForgedCrlPem = Path.Combine(Directory, "forged-crl.pem");
        File.WriteAllText(ForgedCrlPem, PemEncoding.WriteString("X509 CRL", forged.Build(Authority.SubjectName, X509SignatureGenerator.CreateForECDsa(otherAuthority.GetECDsaPrivateKey()!), BigInteger.One, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256, X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false))));
    }

    /// <summary>For 127.0.0.1/localhost with both TLS server and client usages: an scp that also opens associations.</summary>
    public IssuedCertificate Node { get; }

    /// <summary>An issuing CA under <see cref="Authority"/>; peers trust only the root, so it must be sent.</summary>
    public X509Certificate2 Intermediate { get; }

    /// <summary>A client certificate issued by <see cref="Intermediate"/>.</summary>
    public IssuedCertificate IntermediateClient { get; }

    /// <summary>PEM: <see cref="IntermediateClient"/>, then <see cref="Intermediate"/> (what `--tls-cert` reads).</summary>
    public string IntermediateClientChainPem { get; }

    /// <summary>Issued by <see cref="Authority"/> and listed in its CRL.</summary>
    public IssuedCertificate RevokedClient { get; }

    /// <summary>A server certificate for 127.0.0.1/localhost, issued by <see cref="Authority"/> and listed in its CRL.</summary>
    public IssuedCertificate RevokedServer { get; }

    public string CrlPem { get; }

    public string CrlDer { get; }

    /// <summary>A CRL naming <see cref="Authority"/> as issuer and listing <see cref="Client"/>, signed by another CA.</summary>
    public string ForgedCrlPem { get; }

    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    public string AuthorityPem { get; }

    public IssuedCertificate Server { get; }

    public IssuedCertificate Client { get; }

    public IssuedCertificate StrangerClient { get; }

    public X509Certificate2Collection TrustedAuthorities => [Authority];

    public void Dispose()
    {
        Authority.Dispose();
        Server.Certificate.Dispose();
        Client.Certificate.Dispose();
        StrangerClient.Certificate.Dispose();
        RevokedClient.Certificate.Dispose();
        RevokedServer.Certificate.Dispose();
        Node.Certificate.Dispose();
        IntermediateClient.Certificate.Dispose();
        Intermediate.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
        return Reload(created);
    }

    private static X509Certificate2 CreateIntermediate(X509Certificate2 authority, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-50), DateTimeOffset.UtcNow.AddDays(1).AddHours(12), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    private IssuedCertificate Issue(X509Certificate2 authority, string name, bool server, string fileStem, bool alsoClient = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection { Oid.FromOidValue(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2", OidGroup.EnhancedKeyUsage) };
        if (alsoClient)
        {
            usages.Add(Oid.FromOidValue("1.3.6.1.5.5.7.3.2", OidGroup.EnhancedKeyUsage));
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        var keyPem = Path.Combine(Directory, fileStem + "-key.pem");
        var certificatePem = Path.Combine(Directory, fileStem + "-cert.pem");
        File.WriteAllText(keyPem, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePem, issued.ExportCertificatePem());
        return new IssuedCertificate(Reload(withKey), keyPem, certificatePem);
    }

    /// <summary>A PKCS#12 round trip gives a key SslStream can use on every platform, not only an ephemeral one.</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
}
