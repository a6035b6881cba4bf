using System.Buffers.Binary;
using Peake.Dicom;

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
    public static byte[] Build(string sopClassUid, string sopInstanceUid, string transferSyntaxUid)
    {
        var meta = new DicomDataset();
        meta.SetValues<uint>(new DicomTag(0x0002, 0x0000), DicomVR.UL, 0);
        meta.SetValues<byte>(new DicomTag(0x0002, 0x0001), DicomVR.OB, 0, 1);
        meta.SetString(new DicomTag(0x0002, 0x0002), DicomVR.UI, sopClassUid);
        meta.SetString(new DicomTag(0x0002, 0x0003), DicomVR.UI, sopInstanceUid);
        meta.SetString(new DicomTag(0x0002, 0x0010), DicomVR.UI, transferSyntaxUid);
        meta.SetString(new DicomTag(0x0002, 0x0012), DicomVR.UI, DicomImplementation.ClassUid);
        var group = DicomWriter.ToBytes(meta, DicomTransferSyntax.ExplicitVRLittleEndian);
        var bytes = new byte[128 + 4 + group.Length];
        "DICM"u8.CopyTo(bytes.AsSpan(128));
        group.CopyTo(bytes, 132);
        // The writer computed (0002,0000); check it describes what follows it (12 bytes of its own element).
        if (BinaryPrimitives.ReadUInt32LittleEndian(group.AsSpan(8)) != group.Length - 12)
            throw new InvalidOperationException("file meta group length was not computed");
        return bytes;
    }
}
