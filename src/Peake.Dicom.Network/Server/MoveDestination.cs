using Peake.Dicom.Network.Tls;

namespace Peake.Dicom.Network.Server;

/// <summary>Where a C-MOVE destination AE title is reached (PS3.4 C.4.2.2.1: the SCP must know it beforehand).</summary>
public sealed record MoveDestination(string Host, int Port)
{
    /// <summary>
    /// DICOM TLS (PS3.15 B.1) for the associations opened to this destination (C-MOVE sub-operations); null: plain
    /// TCP. A node serving TLS normally uses its own certificate as the client certificate here (ADR 0010).
    /// </summary>
    public DicomTlsClientOptions? Tls { get; init; }
}
