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
        IReadOnlyList<string> any = [.. DicomUidRegistry.Entries.Where(e => e.Type == "Transfer Syntax").Select(e => e.Uid).Order(StringComparer.Ordinal)];
        // DICOMDIR is a file-set index, not an instance to archive (PS3.10 8.6).
        var map = DicomUidRegistry.Entries
            .Where(e => e.Type == "SOP Class" && e.Keyword.EndsWith("Storage", StringComparison.Ordinal) && e.Keyword != "MediaStorageDirectoryStorage")
            .ToDictionary(e => e.Uid, _ => any, StringComparer.Ordinal);
        IReadOnlyList<string> uncompressed = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];
        map[CEchoRequest.VerificationSopClassUid] = uncompressed;
        map[StorageCommitmentSop.SopClassUid] = uncompressed;
        return map;
    }
}
