using Peake.Dicom;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Cli.Dicom;

/// <summary>
/// What `peake dicom scp` accepts: Verification, Patient and Study Root FIND, GET and MOVE, Storage Commitment Push Model, and every storage SOP class of the UID registry (PS3.6 Table A-1)
/// in every transfer syntax it names. Data sets are stored as received, never decoded, so no syntax needs a codec; the
/// requestor's own order picks the syntax (<see cref="Peake.Dicom.Network.Association.SyntaxPreference.Requestor"/>).
/// </summary>
internal static class ScpSyntaxes
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Build()
    {
        var syntaxes = DicomUidRegistry.Entries
            .Where(e => e.Type == "Transfer Syntax")
            .Select(e => e.Uid)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var map = DicomUidRegistry.Entries
            .Where(IsStorageSopClass)
            .ToDictionary(e => e.Uid, IReadOnlyList<string> (_) => syntaxes);
        IReadOnlyList<string> plain = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];
        map[CEchoRequest.VerificationSopClassUid] = plain;
        // C-FIND identifiers are decoded here, so only the uncompressed syntaxes every peer supports.
        map[CFindRequest.PatientRootSopClassUid] = plain;
        map[CFindRequest.StudyRootSopClassUid] = plain;
        map[CGetRequest.PatientRootSopClassUid] = plain;
        map[CGetRequest.StudyRootSopClassUid] = plain;
        map[CMoveRequest.PatientRootSopClassUid] = plain;
        map[CMoveRequest.StudyRootSopClassUid] = plain;
        map[StorageCommitmentSop.SopClassUid] = plain;
        return map;
    }

    /// <summary>The storage SOP classes, for which a C-GET requestor may take the SCP role.</summary>
    public static IReadOnlySet<string> StorageSopClasses() =>
        DicomUidRegistry.Entries.Where(IsStorageSopClass).Select(e => e.Uid).ToHashSet(StringComparer.Ordinal);

    // A DICOMDIR is a file-set index, not an instance to archive (PS3.10 8.6).
    private static bool IsStorageSopClass(DicomUidEntry e) =>
        e.Type == "SOP Class" && e.Keyword.EndsWith("Storage", StringComparison.Ordinal) && e.Keyword != "MediaStorageDirectoryStorage";
}
