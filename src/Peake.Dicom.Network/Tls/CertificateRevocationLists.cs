using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Peake.Dicom.Network.Tls;

/// <summary>
/// CRLs loaded from files (RFC 5280 5, DER or PEM "X509 CRL", several per file), checked against a peer's chain in
/// the TLS validation callback: a certificate whose issuer has a loaded CRL that lists its serial number is revoked.
/// A CRL counts only when its signature verifies with the issuing certificate's key from the peer's validated chain,
/// so a forged file cannot revoke (or unrevoke) anything. Independent of the platform's CRL cache and of network
/// access (ADR 0010): an air-gapped site copies its CA's CRL next to the certificates. A CRL signed with an algorithm
/// that cannot be verified is refused at load rather than kept to revoke nothing. A CRL past its nextUpdate still
/// revokes what it lists (a stale list never makes a revoked certificate good again) and is not required; the
/// caller warns about it (<see cref="PastNextUpdate"/>).
/// </summary>
public sealed class CertificateRevocationLists
{
    private readonly List<Crl> _lists;

    private CertificateRevocationLists(List<Crl> lists) => _lists = lists;

    public int Count => _lists.Count;

    /// <summary>
    /// Reads every CRL in the files; throws <see cref="CryptographicException"/> naming a file that holds none, is
    /// malformed or is signed with an algorithm that cannot be verified.
    /// </summary>
    public static CertificateRevocationLists Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var lists = new List<Crl>();
        foreach (var path in paths)
        {
            var bytes = File.ReadAllBytes(path);
            try
            {
                var found = Decode(bytes, path);
                lists.AddRange(found.Count > 0 ? found : throw new CryptographicException("no CRL in it"));
            }
            catch (Exception e) when (e is AsnContentException or CryptographicException or FormatException)
            {
                throw new CryptographicException($"{path}: not a usable CRL ({e.Message})", e);
            }
        }

        return new CertificateRevocationLists(lists);
    }

    /// <summary>From CRLs already in memory (DER or PEM).</summary>
    public static CertificateRevocationLists FromEncoded(IEnumerable<byte[]> encoded) => new([.. encoded.SelectMany(e => Decode(e, "CRL"))]);

    /// <summary>One line per CRL whose nextUpdate is before <paramref name="now"/>: still used, but its CA should have issued a newer one.</summary>
    public IReadOnlyList<string> PastNextUpdate(DateTimeOffset now) =>
        [.. _lists.Where(l => l.NextUpdate < now).Select(l => $"{l.Source}: the CRL of {new X500DistinguishedName(l.Issuer).Name} was due for renewal at {l.NextUpdate:u} (nextUpdate)")];

    /// <summary>
    /// True when some certificate of the chain (leaf or intermediate) is listed by a CRL signed by its issuer, the next
    /// element of the chain (the last one is its own issuer).
    /// </summary>
    public bool IsRevoked(X509Chain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var elements = chain.ChainElements;
        for (var i = 0; i < elements.Count; i++)
        {
            var certificate = elements[i].Certificate;
            var issuer = i + 1 < elements.Count ? elements[i + 1].Certificate : certificate;
            if (IsRevoked(certificate, issuer))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsRevoked(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        var serial = Trim(certificate.SerialNumberBytes.Span);
        foreach (var crl in _lists)
        {
            if (crl.Issuer.AsSpan().SequenceEqual(certificate.IssuerName.RawData)
                && crl.Issuer.AsSpan().SequenceEqual(issuer.SubjectName.RawData)
                && crl.Revoked.Contains(serial)
                && crl.IsSignedBy(issuer))
            {
                return true;
            }
        }

        return false;
    }

    private static List<Crl> Decode(byte[] bytes, string source)
    {
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return [Crl.Parse(bytes, source)];
        }

        var found = new List<Crl>();
        foreach (var field in PemBlocks(text))
        {
            found.Add(Crl.Parse(field, source));
        }

        return found;
    }

    private static IEnumerable<byte[]> PemBlocks(string text)
    {
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            if (rest.Span[fields.Label].SequenceEqual("X509 CRL"))
            {
                yield return Convert.FromBase64String(rest.Span[fields.Base64Data].ToString());
            }

            rest = rest[fields.Location.End..];
        }
    }

    private static string Trim(ReadOnlySpan<byte> integer) => Convert.ToHexString(integer.TrimStart((byte)0));

    /// <summary>RFC 5280 5.1: CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }.</summary>
    private sealed record Crl(string Source, byte[] Issuer, DateTimeOffset? NextUpdate, HashSet<string> Revoked, byte[] Signed, CrlSignatureAlgorithm Algorithm, byte[] Signature)
    {
        public static Crl Parse(byte[] der, string source)
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var signed = outer.ReadEncodedValue().ToArray();
            // Refused here, at load, when it cannot be verified: a CRL that could never count must not look loaded.
            var algorithm = CrlSignatureAlgorithm.Parse(outer.ReadSequence());
            var signature = outer.ReadBitString(out _);

            var tbs = new AsnReader(signed, AsnEncodingRules.DER).ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger(); // version v2
            }

            tbs.ReadSequence(); // signature algorithm, repeated
            var issuer = tbs.ReadEncodedValue().ToArray();
            ReadTime(tbs); // thisUpdate
            DateTimeOffset? nextUpdate = null;
            if (tbs.HasData && (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) || tbs.PeekTag().HasSameClassAndValue(Asn1Tag.GeneralizedTime)))
            {
                nextUpdate = ReadTime(tbs);
            }

            var revoked = new HashSet<string>(StringComparer.Ordinal);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = tbs.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    revoked.Add(Trim(entry.ReadIntegerBytes().Span));
                }
            }

            return new Crl(source, issuer, nextUpdate, revoked, signed, algorithm, signature);
        }

        public bool IsSignedBy(X509Certificate2 issuer) => Algorithm.Verifies(issuer, Signed, Signature);

        private static DateTimeOffset ReadTime(AsnReader reader) =>
            reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
    }
}
