namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// A-ASSOCIATE-RJ (PS3.8 9.3.4). <see cref="Reason"/> is read against <see cref="Source"/> (PS3.8 Table 9-21);
/// <see cref="AssociateRejectReason"/> names the defined values.
/// </summary>
public sealed record AssociateRejectPdu(AssociateRejectResult Result, AssociateRejectSource Source, byte Reason) : DicomPdu
{
    public override PduType Type => PduType.AssociateReject;

    /// <summary>PS3.8 Table 9-21: rejected-permanent, service-user, calling-AE-title-not-recognized.</summary>
    public static AssociateRejectPdu CallingAeTitleNotRecognized { get; } =
        new(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAeTitleNotRecognized);

    /// <summary>PS3.8 Table 9-21: rejected-permanent, service-user, called-AE-title-not-recognized.</summary>
    public static AssociateRejectPdu CalledAeTitleNotRecognized { get; } =
        new(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CalledAeTitleNotRecognized);

    /// <summary>PS3.8 Table 9-21: rejected-transient, service-provider (presentation), local-limit-exceeded.</summary>
    public static AssociateRejectPdu LocalLimitExceeded { get; } =
        new(AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.LocalLimitExceeded);
}
