using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Peake.Dicom.Network.Tls;

/// <summary>
/// The signature algorithm of a CRL (RFC 5280 5.1.1.2) as far as it can be verified here: RSA PKCS#1 v1.5 and ECDSA
/// with SHA-1/256/384/512 (RFC 3279, RFC 4055, RFC 5758), and RSASSA-PSS (RFC 4055 3.1) when its MGF1 hash is its
/// hash and its salt is the hash's length, the only PSS form the platform verifies. SHA-1 is accepted on purpose: an
/// old hospital CA that still signs its CRL with SHA-1 must have it honoured, since ignoring a CRL is worse than
/// trusting a weak signature on it (ADR 0010). Anything else (Ed25519, DSA, other PSS parameters) is refused by
/// <see cref="Parse"/>, so such a CRL is never loaded only to revoke nothing.
/// </summary>
internal sealed record CrlSignatureAlgorithm(string Oid, bool IsEcdsa, HashAlgorithmName Hash, RSASignaturePadding Padding)
{
    private const string RsaPss = "1.2.840.113549.1.1.10";
    private const string Mgf1 = "1.2.840.113549.1.1.8";
    private const string Sha1 = "1.3.14.3.2.26";

    /// <summary>Reads an AlgorithmIdentifier; throws <see cref="CryptographicException"/> for one that cannot be verified.</summary>
    public static CrlSignatureAlgorithm Parse(AsnReader algorithmIdentifier)
    {
        var oid = algorithmIdentifier.ReadObjectIdentifier();
        var pkcs1 = RSASignaturePadding.Pkcs1;
        return oid switch
        {
            "1.2.840.113549.1.1.5" => new(oid, false, HashAlgorithmName.SHA1, pkcs1),
            "1.2.840.113549.1.1.11" => new(oid, false, HashAlgorithmName.SHA256, pkcs1),
            "1.2.840.113549.1.1.12" => new(oid, false, HashAlgorithmName.SHA384, pkcs1),
            "1.2.840.113549.1.1.13" => new(oid, false, HashAlgorithmName.SHA512, pkcs1),
            "1.2.840.10045.4.1" => new(oid, true, HashAlgorithmName.SHA1, pkcs1),
            "1.2.840.10045.4.3.2" => new(oid, true, HashAlgorithmName.SHA256, pkcs1),
            "1.2.840.10045.4.3.3" => new(oid, true, HashAlgorithmName.SHA384, pkcs1),
            "1.2.840.10045.4.3.4" => new(oid, true, HashAlgorithmName.SHA512, pkcs1),
            RsaPss => new(oid, false, PssHash(algorithmIdentifier), RSASignaturePadding.Pss),
            _ => throw Unsupported(oid),
        };
    }

    public bool Verifies(X509Certificate2 issuer, byte[] signed, byte[] signature)
    {
        if (IsEcdsa)
        {
            using var ec = issuer.GetECDsaPublicKey();
            return ec is not null && ec.VerifyData(signed, signature, Hash, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = issuer.GetRSAPublicKey();
        return rsa is not null && rsa.VerifyData(signed, signature, Hash, Padding);
    }

    /// <summary>RFC 4055 3.1: RSASSA-PSS-params, each field with its DEFAULT (SHA-1, MGF1-SHA-1, salt 20, trailer 1).</summary>
    private static HashAlgorithmName PssHash(AsnReader algorithmIdentifier)
    {
        var hash = Sha1;
        var mask = Sha1;
        var salt = 20;
        var trailer = 1;
        var parameters = algorithmIdentifier.ReadSequence();
        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            hash = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence().ReadObjectIdentifier();
        }

        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
        {
            var generator = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1)).ReadSequence();
            mask = generator.ReadObjectIdentifier() == Mgf1 ? generator.ReadSequence().ReadObjectIdentifier() : throw Unsupported(RsaPss + " with a mask generator other than MGF1");
        }

        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2)))
        {
            salt = Int(parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2)));
        }

        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 3)))
        {
            trailer = Int(parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 3)));
        }

        var (name, length) = hash switch
        {
            Sha1 => (HashAlgorithmName.SHA1, 20),
            "2.16.840.1.101.3.4.2.1" => (HashAlgorithmName.SHA256, 32),
            "2.16.840.1.101.3.4.2.2" => (HashAlgorithmName.SHA384, 48),
            "2.16.840.1.101.3.4.2.3" => (HashAlgorithmName.SHA512, 64),
            _ => throw Unsupported($"{RsaPss} with hash {hash}"),
        };
        return mask == hash && salt == length && trailer == 1
            ? name
            : throw Unsupported($"{RsaPss} with MGF1 hash {mask}, salt length {salt}, trailer {trailer} (only MGF1 over the same hash with a salt as long as the hash)");
    }

    private static int Int(AsnReader explicitField) =>
        explicitField.TryReadInt32(out var value) ? value : throw new CryptographicException("RSASSA-PSS parameter out of range");

    private static CryptographicException Unsupported(string algorithm) =>
        new($"its signature algorithm {algorithm} is not supported, so it could not be verified (RSA PKCS#1, RSASSA-PSS or ECDSA with SHA-1/256/384/512 are)");
}
