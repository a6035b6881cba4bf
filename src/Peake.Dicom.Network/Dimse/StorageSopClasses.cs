using Peake.Dicom;

namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// The storage SOP classes of the UID registry (PS3.6 Table A-1) and the transfer syntaxes it names: what an archive
/// that keeps data sets as received (never decoding them) can accept. One rule for every SCP of the project.
/// </summary>
public static class StorageSopClasses
{
    /// <summary>Every storage SOP class UID.</summary>
    public static IReadOnlySet<string> All { get; } =
        DicomUidRegistry.Entries.Where(IsStorage).Select(e => e.Uid).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every transfer syntax UID of the registry, in UID order.</summary>
    public static IReadOnlyList<string> AllTransferSyntaxes { get; } =
        [.. DicomUidRegistry.Entries.Where(e => e.Type == "Transfer Syntax").Select(e => e.Uid).Order(StringComparer.Ordinal)];

    /// <summary>
    /// A storage SOP class. Not every keyword ends in "Storage": the For Presentation / For Processing pairs (DX,
    /// mammography, intra-oral, breast projection, IVOCT, DICOS) and retired classes ("…StorageRetired") carry a
    /// suffix, and an SCP refusing DX For Presentation refuses most radiography rooms.
    /// </summary>
    public static bool IsStorage(DicomUidEntry e) =>
        e.Type == "SOP Class"
        && e.Keyword.Contains("Storage", StringComparison.Ordinal)
        // Storage Commitment is a service of its own, negotiated separately.
        && !e.Keyword.StartsWith("StorageCommitment", StringComparison.Ordinal)
        // DICOMDIR is a file-set index, not an instance to archive (PS3.10 8.6).
        && e.Keyword != "MediaStorageDirectoryStorage";
}
