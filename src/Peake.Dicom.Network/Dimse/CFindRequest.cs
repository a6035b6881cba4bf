namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// C-FIND-RQ (PS3.7 9.3.2.1). The identifier (the query keys, PS3.4 C.4.1.1.3) always follows as its own data set.
/// </summary>
public sealed record CFindRequest(ushort MessageId, string AffectedSopClassUid, DimsePriority Priority = DimsePriority.Medium) : DimseMessage
{
    /// <summary>PS3.4 C.6.1.1.2: Patient Root Query/Retrieve Information Model - FIND.</summary>
    public const string PatientRootSopClassUid = "1.2.840.10008.5.1.4.1.2.1.1";

    /// <summary>PS3.4 C.6.2.1.2: Study Root Query/Retrieve Information Model - FIND.</summary>
    public const string StudyRootSopClassUid = "1.2.840.10008.5.1.4.1.2.2.1";

    public override DimseCommandField CommandField => DimseCommandField.CFindRequest;

    public override bool HasDataSet => true;
}
