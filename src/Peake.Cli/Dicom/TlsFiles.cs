using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Peake.Dicom.Network.Tls;

namespace Peake.Cli.Dicom;

/// <summary>
/// The DICOM TLS switches every `peake dicom` network command takes (PS3.15 B.1, ADR 0010): `--tls` turns it on;
/// `--tls-cert FILE` (PEM: the certificate, then any intermediates) with `--tls-key FILE` (PEM private key) is this
/// node's certificate; `--tls-ca FILE` (PEM, repeatable) the roots a peer must chain to (default: the system store);
/// `--tls-crl FILE` (PEM or DER, repeatable) CRLs whose listed certificates are refused (one past its nextUpdate is
/// used with a warning). The scp also takes `--tls-require-client-cert`, which needs `--tls-ca`: requiring client
/// certificates that any public web CA could have issued authenticates nobody.
/// </summary>
internal static class TlsFiles
{
    public const string TlsSwitch = "--tls";

    public const string RequireClientCertificateSwitch = "--tls-require-client-cert";

    private const string Cert = "--tls-cert";
    private const string Key = "--tls-key";
    private const string Ca = "--tls-ca";
    private const string Crl = "--tls-crl";

    public static readonly string[] Options = [Cert, Key, Ca, Crl];

    public static DicomTlsClientOptions? Client(Arguments a)
    {
        if (!Enabled(a, server: false))
        {
            return null;
        }

        var (certificate, chain) = Certificate(a, required: false);
        return new DicomTlsClientOptions { ClientCertificate = certificate, ClientCertificateChain = chain, TrustedServerAuthorities = Authorities(a), RevocationLists = Crls(a) };
    }

    public static DicomTlsServerOptions? Server(Arguments a)
    {
        if (!Enabled(a, server: true))
        {
            return null;
        }

        var requireClientCertificate = a.Switch(RequireClientCertificateSwitch);
        var authorities = Authorities(a);
        if (requireClientCertificate && authorities is null)
        {
            // Without a CA the system store would decide, and any certificate a public web CA issued would pass.
            throw new UsageException($"{RequireClientCertificateSwitch} needs {Ca} FILE: the CA that issues this site's DICOM client certificates");
        }

        var (certificate, chain) = Certificate(a, required: true);
        return new DicomTlsServerOptions
        {
            Certificate = certificate!,
            CertificateChain = chain,
            RequireClientCertificate = requireClientCertificate,
            TrustedClientAuthorities = authorities,
            RevocationLists = Crls(a),
        };
    }

    /// <summary>
    /// The TLS of the associations an scp opens itself (C-MOVE destinations, commitment reports): its certificate and
    /// chain as client certificate (it needs the clientAuth usage when the peer checks it), its --tls-ca as the roots
    /// the peer must chain to, its CRLs. Null without --tls.
    /// </summary>
    public static DicomTlsClientOptions? Outbound(DicomTlsServerOptions? server) =>
        server is null
            ? null
            : new DicomTlsClientOptions
            {
                ClientCertificate = server.Certificate,
                ClientCertificateChain = server.CertificateChain,
                TrustedServerAuthorities = server.TrustedClientAuthorities,
                RevocationLists = server.RevocationLists,
            };

    private static bool Enabled(Arguments a, bool server)
    {
        if (a.Switch(TlsSwitch))
        {
            return true;
        }

        var stray = Options.FirstOrDefault(o => a.Option(o) is not null) ?? (server && a.Switch(RequireClientCertificateSwitch) ? RequireClientCertificateSwitch : null);
        return stray is null ? false : throw new UsageException($"{stray} needs {TlsSwitch}");
    }

    private static (X509Certificate2? Certificate, X509Certificate2Collection? Chain) Certificate(Arguments a, bool required)
    {
        var cert = a.Option(Cert);
        var key = a.Option(Key);
        if (cert is null && key is null && !required)
        {
            return (null, null);
        }

        if (cert is null || key is null)
        {
            throw new UsageException($"{TlsSwitch} needs {Cert} FILE and {Key} FILE{(required ? " (the server's certificate and key)" : " together")}");
        }

        try
        {
            using var withKey = X509Certificate2.CreateFromPemFile(cert, key);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(cert);
            chain.RemoveAt(0);
            // A PKCS#12 round trip gives a key SslStream can use on every platform, not only an ephemeral one.
            return (X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null), chain.Count > 0 ? chain : null);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the certificate {cert} with key {key}: {e.Message}");
        }
    }

    private static X509Certificate2Collection? Authorities(Arguments a)
    {
        if (a.Values(Ca) is not { Count: > 0 } files)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        foreach (var file in files)
        {
            try
            {
                roots.ImportFromPemFile(file);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read {Ca} {file}: {e.Message}");
            }
        }

        return roots;
    }

    private static CertificateRevocationLists? Crls(Arguments a)
    {
        if (a.Values(Crl) is not { Count: > 0 } files)
        {
            return null;
        }

        try
        {
            var lists = CertificateRevocationLists.Load(files);
            foreach (var stale in lists.PastNextUpdate(DateTimeOffset.UtcNow))
            {
                // Still used (ADR 0010): a late copy on an air-gapped site must not stop every association.
                Console.Error.WriteLine($"peake dicom: warning: {Crl} {stale}; it is still used, get a newer one from the CA");
            }

            return lists;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{Crl}: {e.Message}");
        }
    }
}
