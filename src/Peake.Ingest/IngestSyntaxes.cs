using Peake.Dicom;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Ingest;

/// <summary>
/// What the gateway accepts: every storage SOP class of the UID registry (PS3.6 Table A-1) in every transfer syntax
/// the registry names, since data sets are archived as received and never decoded here; Verification; Storage
/// Commitment Push Model. Query/retrieve is not the gateway's job.
/// </summary>
internal static class IngestSyntaxes
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Build()
    {
        var map = StorageSopClasses.All.ToDictionary(uid => uid, _ => StorageSopClasses.AllTransferSyntaxes, StringComparer.Ordinal);
        IReadOnlyList<string> uncompressed = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];
        map[CEchoRequest.VerificationSopClassUid] = uncompressed;
        map[StorageCommitmentSop.SopClassUid] = uncompressed;
        return map;
    }
}
