using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Peake.Dicom.Network.Tls;

/// <summary>
/// DICOM TLS on the requestor (PS3.15 B.1, BCP 195 profile of B.9): the acceptor's certificate is checked against
/// <see cref="TrustedServerAuthorities"/> (or the system store) and its name against <see cref="TargetHost"/>;
/// <see cref="ClientCertificate"/> is offered when the acceptor asks for one.
/// </summary>
public sealed record DicomTlsClientOptions
{
    /// <summary>The name the server certificate must carry (SAN DNS or IP); null uses the host connected to.</summary>
    public string? TargetHost { get; init; }

    /// <summary>Roots the server certificate must chain to; null trusts the system store.</summary>
    public X509Certificate2Collection? TrustedServerAuthorities { get; init; }

    /// <summary>This node's certificate, with its private key, for acceptors that require one.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// Intermediate CA certificates sent with <see cref="ClientCertificate"/>, so an acceptor that only holds the root
    /// can build the chain (nothing is ever downloaded, ADR 0010).
    /// </summary>
    public X509Certificate2Collection? ClientCertificateChain { get; init; }

    /// <summary>Default <see cref="X509RevocationMode.Offline"/>, as on the server (ADR 0010).</summary>
    public X509RevocationMode RevocationMode { get; init; } = X509RevocationMode.Offline;

    /// <summary>
    /// CRLs (e.g. the hospital CA's, from files: <see cref="CertificateRevocationLists.Load"/>) checked against the
    /// server's chain in every mode, offline included: a listed certificate fails the handshake.
    /// </summary>
    public CertificateRevocationLists? RevocationLists { get; init; }

    /// <summary>
    /// Called after the chain and name checks with the server's certificate and the errors found; its answer decides.
    /// </summary>
    public Func<X509Certificate2?, SslPolicyErrors, bool>? ValidateServerCertificate { get; init; }

    public SslProtocols EnabledProtocols { get; init; } = DicomTls.Bcp195Protocols;
}
