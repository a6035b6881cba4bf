using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Peake.Dicom.Network.Tests.Tls;

/// <summary>
/// Signs with <paramref name="sign"/> under the algorithm OID given (no parameters) for the issuer key given: CRLs signed with algorithms
/// .NET's own generators do not offer (sha1WithRSAEncryption, ecdsa-with-SHA1, an Ed25519 stand-in).
/// </summary>
internal sealed class OidSignatureGenerator(string oid, PublicKey key, Func<byte[], byte[]> sign) : X509SignatureGenerator
{
    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (oid.StartsWith("1.2.840.113549", StringComparison.Ordinal))
            {
                writer.WriteNull(); // RFC 4055 5: RSA PKCS#1 algorithm identifiers carry NULL parameters
            }
        }

        return writer.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => sign(data);

    protected override PublicKey BuildPublicKey() => key;
}
