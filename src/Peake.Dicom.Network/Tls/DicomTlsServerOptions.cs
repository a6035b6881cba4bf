using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Peake.Dicom.Network.Tls;

/// <summary>
/// DICOM TLS on the acceptor (PS3.15 B.1 "Basic TLS Secure Transport Connection Profile", with the BCP 195 profile
/// of PS3.15 B.9: TLS 1.2 or 1.3 only, AEAD cipher suites with forward secrecy). Set on
/// <see cref="Server.DicomServerOptions.Tls"/>; the handshake runs before the upper layer sees a byte.
/// </summary>
public sealed record DicomTlsServerOptions
{
    /// <summary>The server's certificate, with its private key.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>
    /// Intermediate CA certificates sent with <see cref="Certificate"/> so peers that only hold the root can build
    /// the chain.
    /// </summary>
    public X509Certificate2Collection? CertificateChain { get; init; }

    /// <summary>
    /// A client without a certificate fails the handshake (mutual authentication, PS3.15 B.1). Needs
    /// <see cref="TrustedClientAuthorities"/> or <see cref="ValidateClientCertificate"/>: the server refuses to start
    /// trusting the system store's public CAs for client certificates.
    /// </summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>
    /// Roots that client certificates must chain to. Null trusts the system store, which in a hospital rarely holds
    /// the local DICOM CA: set it.
    /// </summary>
    public X509Certificate2Collection? TrustedClientAuthorities { get; init; }

    /// <summary>
    /// Revocation of client certificates. Default: <see cref="X509RevocationMode.Offline"/>, cached CRLs only and
    /// an unknown status tolerated, so an air-gapped site never stalls a handshake on a CRL fetch (ADR 0010).
    /// </summary>
    public X509RevocationMode RevocationMode { get; init; } = X509RevocationMode.Offline;

    /// <summary>
    /// CRLs (e.g. the hospital CA's, from files: <see cref="CertificateRevocationLists.Load"/>) checked against the
    /// client's chain in every mode, offline included: a listed certificate fails the handshake.
    /// </summary>
    public CertificateRevocationLists? RevocationLists { get; init; }

    /// <summary>
    /// Called after the chain check with the client's certificate (null when it sent none) and the chain errors
    /// found; its answer decides. For pinning, or mapping a certificate subject to an AE title policy.
    /// </summary>
    public Func<X509Certificate2?, SslPolicyErrors, bool>? ValidateClientCertificate { get; init; }

    /// <summary>BCP 195 (RFC 9325 3.1.1): TLS 1.2 and 1.3, never older.</summary>
    public SslProtocols EnabledProtocols { get; init; } = DicomTls.Bcp195Protocols;
}
