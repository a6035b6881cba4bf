namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// C-GET-RQ (PS3.7 9.1.3.1, 9.3.3.1). The identifier (the keys naming what to retrieve, PS3.4 C.4.3.1.3) follows as its
/// own data set; the matches come back as C-STORE sub-operations on the same association.
/// </summary>
public sealed record CGetRequest(ushort MessageId, string AffectedSopClassUid, DimsePriority Priority = DimsePriority.Medium) : DimseMessage
{
    /// <summary>PS3.4 C.6.1.1.4: Patient Root Query/Retrieve Information Model - GET.</summary>
    public const string PatientRootSopClassUid = "1.2.840.10008.5.1.4.1.2.1.3";

    /// <summary>PS3.4 C.6.2.1.4: Study Root Query/Retrieve Information Model - GET.</summary>
    public const string StudyRootSopClassUid = "1.2.840.10008.5.1.4.1.2.2.3";

    public override DimseCommandField CommandField => DimseCommandField.CGetRequest;

    public override bool HasDataSet => true;
}
