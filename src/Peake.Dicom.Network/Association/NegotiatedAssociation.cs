using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Association;

/// <summary>What an accepted association may do: the accepted contexts by id and the PDU sizes each way.</summary>
public sealed record NegotiatedAssociation(
    string CalledAeTitle,
    string CallingAeTitle,
    IReadOnlyDictionary<byte, AcceptedPresentationContext> Contexts,
    uint MaxSendPduLength,
    uint MaxReceivePduLength,
    UserInformation PeerUserInformation)
{
    /// <summary>FIND SOP classes for which combined datetime matching was agreed (PS3.4 C.5.1.1.2).</summary>
    public IReadOnlySet<string> CombinedDateTimeSopClasses { get; init; } = new HashSet<string>();
}
