using Peake.Dicom;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Ingest;

/// <summary>
/// What the gateway accepts: every storage SOP class of the UID registry (PS3.6 Table A-1) in every transfer syntax
/// the registry names, since data sets are archived as received and never decoded here; Verification; Storage
/// Commitment Push Model; and, when the node serves them, the Patient Root and Study Root query/retrieve classes
/// (FIND, MOVE, GET) in the uncompressed syntaxes (their identifiers are small data sets).
/// </summary>
internal static class IngestSyntaxes
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Build(bool queryRetrieve = false)
    {
        var map = StorageSopClasses.All.ToDictionary(uid => uid, _ => StorageSopClasses.AllTransferSyntaxes, StringComparer.Ordinal);
        IReadOnlyList<string> uncompressed = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];
        map[CEchoRequest.VerificationSopClassUid] = uncompressed;
        map[StorageCommitmentSop.SopClassUid] = uncompressed;
        if (queryRetrieve)
        {
            foreach (var sopClass in QueryRetrieveSopClasses.All)
                map[sopClass] = uncompressed;
        }
        return map;
    }
}
