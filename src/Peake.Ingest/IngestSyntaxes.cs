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
        var map = DicomUidRegistry.Entries
            .Where(e => IsStorageSopClass(e.Type, e.Keyword))
            .ToDictionary(e => e.Uid, _ => any, StringComparer.Ordinal);
        IReadOnlyList<string> uncompressed = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];
        map[CEchoRequest.VerificationSopClassUid] = uncompressed;
        map[StorageCommitmentSop.SopClassUid] = uncompressed;
        return map;
    }

    /// <summary>
    /// A storage SOP class of the registry. Not every keyword ends in "Storage": the For Presentation / For Processing
    /// pairs (DX, mammography, intra-oral, breast projection, IVOCT, DICOS) and retired classes ("…StorageRetired")
    /// carry a suffix, and a gateway refusing DX For Presentation refuses most radiography rooms.
    /// </summary>
    internal static bool IsStorageSopClass(string type, string keyword) =>
        type == "SOP Class"
        && keyword.Contains("Storage", StringComparison.Ordinal)
        // Storage Commitment is a service of its own, negotiated separately below.
        && !keyword.StartsWith("StorageCommitment", StringComparison.Ordinal)
        // DICOMDIR is a file-set index, not an instance to archive (PS3.10 8.6).
        && keyword != "MediaStorageDirectoryStorage";
}
