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
        var map = StorageSopClasses.All.ToDictionary(uid => uid, IReadOnlyList<string> (_) => StorageSopClasses.AllTransferSyntaxes);
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
}
