using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Client;

/// <summary>What a requestor proposes (PS3.8 7.1.1) and how long it waits for each answer.</summary>
public sealed record AssociationRequest
{
    public required string CallingAeTitle { get; init; }

    public required string CalledAeTitle { get; init; }

    /// <summary>Odd ids 1-255, one abstract syntax each (PS3.8 9.3.2.2).</summary>
    public required IReadOnlyList<PresentationContextRequest> PresentationContexts { get; init; }

    /// <summary>The max PDU length advertised, and enforced on every received P-DATA-TF.</summary>
    public uint MaxReceivePduLength { get; init; } = PduReadLimits.DefaultMaxDataTransferLength;

    /// <summary>The largest P-DATA-TF sent, whatever the acceptor allows.</summary>
    public uint MaxSendPduLength { get; init; } = PduReadLimits.DefaultMaxDataTransferLength;

    public UserIdentityRequest? UserIdentity { get; init; }

    /// <summary>
    /// SCP/SCU role selection proposed (PS3.7 D.3.3.4): a C-GET requestor proposes the SCP role for the storage SOP
    /// classes it will receive (PS3.4 C.4.3.3); a Storage Commitment SCP reporting on its own association, the SCP
    /// role of that class (PS3.4 J.3.3).
    /// </summary>
    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = [];

    /// <summary>SOP class extended negotiation sub-items to propose (PS3.7 D.3.3.5); the answers are in the accepted user information.</summary>
    public IReadOnlyList<SopClassExtendedNegotiation> ExtendedNegotiation { get; init; } = [];

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Takes a storage commitment report (PS3.4 J.3.3) the acceptor sends on this association for a transaction no
    /// <see cref="DicomClientAssociation.CommitAsync"/> awaits (a report of an earlier request, or one arriving before
    /// its N-ACTION-RSP): true, answered with success; false or null, 0110H so the SCP keeps it. Also offered a report
    /// arriving while the release is awaited, which cannot be answered there (PS3.8 Table 9-10, Sta7).
    /// </summary>
    public Func<StorageCommitmentResult, bool>? CommitmentReportReceived { get; init; }

    /// <summary>How long to wait for any answer: the A-ASSOCIATE-AC, a DIMSE response, the A-RELEASE-RP.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromMinutes(1);
}
