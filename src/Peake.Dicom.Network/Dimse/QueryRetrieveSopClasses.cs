namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// The query/retrieve SOP classes this library serves (PS3.4 C.6.1, C.6.2): FIND, MOVE and GET of the Patient Root
/// and Study Root information models. What an SCP adds to its accepted syntaxes to answer C-FIND, C-MOVE and C-GET.
/// </summary>
public static class QueryRetrieveSopClasses
{
    /// <summary>The C-FIND classes.</summary>
    public static IReadOnlyList<string> Find { get; } = [CFindRequest.PatientRootSopClassUid, CFindRequest.StudyRootSopClassUid];

    /// <summary>The C-MOVE classes.</summary>
    public static IReadOnlyList<string> Move { get; } = [CMoveRequest.PatientRootSopClassUid, CMoveRequest.StudyRootSopClassUid];

    /// <summary>The C-GET classes (the requestor also needs the SCP role for the storage classes it wants back).</summary>
    public static IReadOnlyList<string> Get { get; } = [CGetRequest.PatientRootSopClassUid, CGetRequest.StudyRootSopClassUid];

    /// <summary>All six.</summary>
    public static IReadOnlySet<string> All { get; } = Find.Concat(Move).Concat(Get).ToHashSet(StringComparer.Ordinal);
}
