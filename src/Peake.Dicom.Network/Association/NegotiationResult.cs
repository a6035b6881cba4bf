using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Association;

/// <summary>
/// The answer to an A-ASSOCIATE-RQ: either an A-ASSOCIATE-AC with what was agreed, or an A-ASSOCIATE-RJ.
/// <see cref="ServiceProviderAcceptable"/> is false when the upper layer itself cannot take the request (AE-6
/// "otherwise" branch, e.g. protocol version), true when the decision is the service user's (AE-7 / AE-8).
/// </summary>
public sealed record NegotiationResult(
    AssociateAcceptPdu? Accept,
    NegotiatedAssociation? Association,
    AssociateRejectPdu? Reject,
    bool ServiceProviderAcceptable)
{
    public static NegotiationResult Accepted(AssociateAcceptPdu accept, NegotiatedAssociation association) => new(accept, association, null, true);

    public static NegotiationResult Rejected(AssociateRejectPdu reject, bool serviceProviderAcceptable = true) => new(null, null, reject, serviceProviderAcceptable);
}
