using Peake.Dicom.Network.Server;

namespace Peake.Ingest.Associations;

/// <summary>
/// The preamble, "DICM" and File Meta group (PS3.10 7.1) the gateway writes before a received data set. A blob is named
/// by the hash of these bytes, and duplicate detection compares hashes, so the group must depend on the instance only:
/// the same data set sent by another hospital AE, or received by a node of another release, must give the same bytes.
/// Hence no (0002,0016) Source Application Entity Title and no (0002,0013) Implementation Version Name (both type 3):
/// the calling AE goes to the log instead. The Implementation Class UID (type 1) is a constant of PeakeCluster.
/// </summary>
internal static class ArchiveFileMeta
{
    public static byte[] Build(string sopClassUid, string sopInstanceUid, string transferSyntaxUid) =>
        FileMeta.Build(sopClassUid, sopInstanceUid, transferSyntaxUid, sourceAeTitle: null, withVersionName: false);
}
