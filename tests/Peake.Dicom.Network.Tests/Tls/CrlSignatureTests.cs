using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Peake.Dicom.Network.Tls;

namespace Peake.Dicom.Network.Tests.Tls;

/// <summary>
/// CRL signature algorithms (RFC 5280 5.1.1.2): the ones a hospital CA may use are verified, SHA-1 included; one that
/// cannot be verified is refused when loading instead of being kept to revoke nothing (ADR 0010).
/// </summary>
public sealed class CrlSignatureTests(TlsCertificates certificates) : IClassFixture<TlsCertificates>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("peake-crl-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("sha1-rsa")]
    [InlineData("rsassa-pss-sha256")]
    [InlineData("rsassa-pss-sha384")]
    [InlineData("sha512-rsa")]
    public void An_RSA_CA_s_CRL_revokes_what_it_lists_whatever_its_signature_algorithm(string algorithm)
    {
        using var rsa = RSA.Create(2048);
        using var authority = SelfSigned(new CertificateRequest("CN=Old Hospital RSA CA", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = new CertificateRequest("CN=modality", leafKey, HashAlgorithmName.SHA256)
            .Create(authority.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(12));
        using var otherLeaf = new CertificateRequest("CN=workstation", leafKey, HashAlgorithmName.SHA256)
            .Create(authority.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(12));
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(leaf);
        X509SignatureGenerator generator = algorithm switch
        {
            "sha1-rsa" => new OidSignatureGenerator("1.2.840.113549.1.1.5", authority.PublicKey, d => rsa.SignData(d, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1)),
            "rsassa-pss-sha256" or "rsassa-pss-sha384" => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pss),
            _ => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        };
        var hash = algorithm switch { "rsassa-pss-sha384" => HashAlgorithmName.SHA384, "sha512-rsa" => HashAlgorithmName.SHA512, _ => HashAlgorithmName.SHA256 };
        var crl = Load(builder.Build(authority.SubjectName, generator, BigInteger.One, DateTimeOffset.UtcNow.AddDays(1), hash, X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false)));

        Assert.True(Revokes(crl, leaf, authority));
        Assert.False(Revokes(crl, otherLeaf, authority));
    }

    [Fact]
    public void An_ECDSA_SHA_1_CRL_revokes_what_it_lists_and_the_same_one_signed_by_another_key_revokes_nothing()
    {
        using var key = certificates.Authority.GetECDsaPrivateKey()!;
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var akid = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(certificates.Authority, true, false);
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(certificates.RevokedClient.Certificate);

        var genuine = Load(builder.Build(certificates.Authority.SubjectName, new OidSignatureGenerator("1.2.840.10045.4.1", certificates.Authority.PublicKey, d => key.SignData(d, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence)), BigInteger.One, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA1, akid));
        var forged = Load(builder.Build(certificates.Authority.SubjectName, new OidSignatureGenerator("1.2.840.10045.4.1", certificates.Authority.PublicKey, d => stranger.SignData(d, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence)), BigInteger.One, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA1, akid));

        Assert.True(Revokes(genuine, certificates.RevokedClient.Certificate, certificates.Authority));
        Assert.False(Revokes(forged, certificates.RevokedClient.Certificate, certificates.Authority));
    }

    [Fact]
    public void A_CRL_signed_with_an_algorithm_that_cannot_be_verified_is_refused_when_loading_naming_the_file_and_the_algorithm()
    {
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(certificates.RevokedClient.Certificate);
        // Ed25519 (RFC 8410): the platform cannot verify it, so the CRL must not load and silently revoke nothing.
        var der = builder.Build(certificates.Authority.SubjectName, new OidSignatureGenerator("1.3.101.112", certificates.Authority.PublicKey, _ => new byte[64]), BigInteger.One, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256, X509AuthorityKeyIdentifierExtension.CreateFromCertificate(certificates.Authority, true, false));
        var path = Write(der);

        var e = Assert.ThrowsAny<CryptographicException>(() => CertificateRevocationLists.Load([path]));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("1.3.101.112", e.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<CryptographicException>(() => CertificateRevocationLists.FromEncoded([der]));
    }

    [Fact]
    public void A_CRL_past_its_nextUpdate_still_revokes_and_is_reported_as_stale()
    {
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(certificates.RevokedClient.Certificate);
        var path = Write(builder.Build(certificates.Authority, BigInteger.One, DateTimeOffset.UtcNow.AddDays(-1), HashAlgorithmName.SHA256, thisUpdate: DateTimeOffset.UtcNow.AddDays(-8)));
        var fresh = CertificateRevocationLists.Load([certificates.CrlPem]);

        var stale = CertificateRevocationLists.Load([path]);

        Assert.True(Revokes(stale, certificates.RevokedClient.Certificate, certificates.Authority));
        var warning = Assert.Single(stale.PastNextUpdate(DateTimeOffset.UtcNow));
        Assert.Contains(path, warning, StringComparison.Ordinal);
        Assert.Contains("Peake Test CA", warning, StringComparison.Ordinal);
        Assert.Empty(fresh.PastNextUpdate(DateTimeOffset.UtcNow));
    }

    private CertificateRevocationLists Load(byte[] der) => CertificateRevocationLists.Load([Write(der)]);

    private string Write(byte[] der)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".crl");
        File.WriteAllBytes(path, der);
        return path;
    }

    private static bool Revokes(CertificateRevocationLists crl, X509Certificate2 leaf, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreWrongUsage;
        chain.Build(leaf);
        Assert.Equal(2, chain.ChainElements.Count);
        return crl.IsRevoked(chain);
    }

    private static X509Certificate2 SelfSigned(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
    }
}
