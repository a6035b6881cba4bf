using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Client;

/// <summary>The called AE answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-RJ (PS3.8 9.3.4); <see cref="Reject"/> says why.</summary>
public sealed class DicomAssociationRejectedException : Exception
{
    public DicomAssociationRejectedException(AssociateRejectPdu reject)
        : base($"association rejected: result {reject?.Result}, source {reject?.Source}, reason {reject?.Reason}")
    {
        Reject = reject ?? throw new ArgumentNullException(nameof(reject));
    }

    public DicomAssociationRejectedException()
        : this(new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven))
    {
    }

    public DicomAssociationRejectedException(string message)
        : base(message)
    {
        Reject = new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven);
    }

    public DicomAssociationRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reject = new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven);
    }

    public AssociateRejectPdu Reject { get; }
}
