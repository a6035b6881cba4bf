namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// C-MOVE-RQ (PS3.7 9.1.4.1, 9.3.4.1): the identifier (PS3.4 C.4.2.1.4) follows as its own data set; the matches go
/// to <paramref name="MoveDestination"/>, an AE title the SCP must know the address of.
/// </summary>
public sealed record CMoveRequest(ushort MessageId, string AffectedSopClassUid, string MoveDestination, DimsePriority Priority = DimsePriority.Medium) : DimseMessage
{
    /// <summary>PS3.4 C.6.1.1.3: Patient Root Query/Retrieve Information Model - MOVE.</summary>
    public const string PatientRootSopClassUid = "1.2.840.10008.5.1.4.1.2.1.2";

    /// <summary>PS3.4 C.6.2.1.3: Study Root Query/Retrieve Information Model - MOVE.</summary>
    public const string StudyRootSopClassUid = "1.2.840.10008.5.1.4.1.2.2.2";

    public override DimseCommandField CommandField => DimseCommandField.CMoveRequest;

    public override bool HasDataSet => true;
}
