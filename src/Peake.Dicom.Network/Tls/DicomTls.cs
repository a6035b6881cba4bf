using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Peake.Dicom.Network.Tls;

/// <summary>
/// The TLS handshakes of PS3.15 B.1 under the BCP 195 profile (PS3.15 B.9, RFC 9325): TLS 1.2/1.3 only, and on
/// platforms where the suites can be chosen (Linux), only AEAD suites with forward secrecy. The stream returned
/// replaces the TCP stream under the upper layer; a handshake that fails or outlasts its deadline throws, so the
/// association code never runs for that connection.
/// </summary>
internal static class DicomTls
{
    public const SslProtocols Bcp195Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    // RFC 9325 4.2 (recommended TLS 1.2 suites) plus the TLS 1.3 suites; no CBC, no RSA key transport, no SHA-1 MACs.
    private static readonly TlsCipherSuite[] Bcp195CipherSuites =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
    ];

    /// <summary>The server side; <paramref name="certificate"/> is built once per server from the options.</summary>
    public static async Task<SslStream> AuthenticateAsServerAsync(
        Stream transport, DicomTlsServerOptions options, SslStreamCertificateContext certificate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var authentication = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            EnabledSslProtocols = options.EnabledProtocols,
            // Asked for whenever it could be checked, so "verify if present" works without requiring it.
            ClientCertificateRequired = options.RequireClientCertificate || options.TrustedClientAuthorities is not null,
            CertificateChainPolicy = ChainPolicy(options.TrustedClientAuthorities, options.RevocationMode),
            RemoteCertificateValidationCallback = (_, peer, chain, errors) =>
            {
                if (peer is null && !options.RequireClientCertificate)
                {
                    errors &= ~SslPolicyErrors.RemoteCertificateNotAvailable;
                }
                errors |= Revoked(options.RevocationLists, peer, chain);
                return options.ValidateClientCertificate is { } decide ? decide(peer as X509Certificate2, errors) : errors == SslPolicyErrors.None;
            },
        };
        if (OperatingSystem.IsLinux())
        {
            authentication.CipherSuitesPolicy = new CipherSuitesPolicy(Bcp195CipherSuites);
        }
        return await AuthenticateAsync(transport, timeout, cancellationToken, (ssl, token) => ssl.AuthenticateAsServerAsync(authentication, token)).ConfigureAwait(false);
    }

    public static async Task<SslStream> AuthenticateAsClientAsync(
        Stream transport, string host, DicomTlsClientOptions options, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = options.TargetHost ?? host,
            EnabledSslProtocols = options.EnabledProtocols,
            ClientCertificateContext = options.ClientCertificate is { } mine ? SslStreamCertificateContext.Create(mine, options.ClientCertificateChain, offline: true) : null,
            CertificateChainPolicy = ChainPolicy(options.TrustedServerAuthorities, options.RevocationMode),
            RemoteCertificateValidationCallback = (_, peer, chain, errors) =>
            {
                errors |= Revoked(options.RevocationLists, peer, chain);
                return options.ValidateServerCertificate is { } decide ? decide(peer as X509Certificate2, errors) : errors == SslPolicyErrors.None;
            },
        };
        if (OperatingSystem.IsLinux())
        {
            authentication.CipherSuitesPolicy = new CipherSuitesPolicy(Bcp195CipherSuites);
        }
        return await AuthenticateAsync(transport, timeout, cancellationToken, (ssl, token) => ssl.AuthenticateAsClientAsync(authentication, token)).ConfigureAwait(false);
    }

    /// <summary>A peer certificate (or intermediate) listed in a loaded CRL is a chain error, whatever the revocation mode.</summary>
    private static SslPolicyErrors Revoked(CertificateRevocationLists? lists, X509Certificate? peer, X509Chain? chain) =>
        lists is not null && peer is not null && chain is not null && lists.IsRevoked(chain) ? SslPolicyErrors.RemoteCertificateChainErrors : SslPolicyErrors.None;

    /// <summary>
    /// Built once per server, so options that cannot authenticate anyone fail at start. Offline: the certificate and
    /// its intermediates are never fetched from the network.
    /// </summary>
    public static SslStreamCertificateContext CertificateContext(DicomTlsServerOptions options)
    {
        // Required client certificates checked only against the system store would let in anything a public web CA
        // issued: a site CA (or its own decision callback) is needed to make the requirement mean something.
        if (options.RequireClientCertificate && options.TrustedClientAuthorities is null && options.ValidateClientCertificate is null)
        {
            throw new ArgumentException(
                $"{nameof(DicomTlsServerOptions.RequireClientCertificate)} needs {nameof(DicomTlsServerOptions.TrustedClientAuthorities)} (or {nameof(DicomTlsServerOptions.ValidateClientCertificate)})",
                nameof(options));
        }

        return SslStreamCertificateContext.Create(options.Certificate, options.CertificateChain, offline: true);
    }

    private static async Task<SslStream> AuthenticateAsync(
        Stream transport, TimeSpan timeout, CancellationToken cancellationToken, Func<SslStream, CancellationToken, Task> handshake)
    {
        var ssl = new SslStream(transport, leaveInnerStreamOpen: false);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await handshake(ssl, deadline.Token).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static X509ChainPolicy ChainPolicy(X509Certificate2Collection? trusted, X509RevocationMode revocation)
    {
        var policy = new X509ChainPolicy
        {
            RevocationMode = revocation,
            // Offline means cached CRLs only; with none cached the status is unknown, which must not fail the handshake.
            VerificationFlags = revocation is X509RevocationMode.Offline
                ? X509VerificationFlags.IgnoreEndRevocationUnknown | X509VerificationFlags.IgnoreCertificateAuthorityRevocationUnknown
                : X509VerificationFlags.NoFlag,
            DisableCertificateDownloads = true,
        };
        if (trusted is not null)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(trusted);
        }
        return policy;
    }
}
