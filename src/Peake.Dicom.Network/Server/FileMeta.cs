using System.Buffers.Binary;

namespace Peake.Dicom.Network.Server;

/// <summary>The preamble, "DICM" prefix and file meta group of a Part 10 file (PS3.10 7.1) for a received instance.</summary>
public static class FileMeta
{
    /// <summary>Preamble, "DICM" and the meta group (Explicit VR Little Endian), to be followed by the data set bytes.</summary>
    /// <param name="sourceAeTitle">(0002,0016), the AE that sent the instance; null leaves it out (type 3).</param>
    /// <param name="withVersionName">Whether to write (0002,0013), our release's name (type 3).</param>
    public static byte[] Build(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string? sourceAeTitle, bool withVersionName = true)
    {
        var meta = new DicomDataset();
        meta.SetValues<uint>(new DicomTag(0x0002, 0x0000), DicomVR.UL, 0);
        meta.SetValues<byte>(new DicomTag(0x0002, 0x0001), DicomVR.OB, 0, 1);
        meta.SetString(new DicomTag(0x0002, 0x0002), DicomVR.UI, sopClassUid);
        meta.SetString(new DicomTag(0x0002, 0x0003), DicomVR.UI, sopInstanceUid);
        meta.SetString(new DicomTag(0x0002, 0x0010), DicomVR.UI, transferSyntaxUid);
        meta.SetString(new DicomTag(0x0002, 0x0012), DicomVR.UI, DicomImplementation.ClassUid);
        if (withVersionName)
            meta.SetString(new DicomTag(0x0002, 0x0013), DicomVR.SH, DicomImplementation.VersionName);
        // PS3.10 7.1: Source Application Entity Title, the AE that sent the instance.
        if (sourceAeTitle is not null)
            meta.SetString(new DicomTag(0x0002, 0x0016), DicomVR.AE, sourceAeTitle);
        var group = DicomWriter.ToBytes(meta, DicomTransferSyntax.ExplicitVRLittleEndian);
        var bytes = new byte[128 + 4 + group.Length];
        "DICM"u8.CopyTo(bytes.AsSpan(128));
        group.CopyTo(bytes, 132);
        // The writer computed (0002,0000); check it describes what follows it (12 bytes of its own element).
        if (BinaryPrimitives.ReadUInt32LittleEndian(group.AsSpan(8)) != group.Length - 12)
        {
            throw new InvalidOperationException("file meta group length was not computed");
        }
        return bytes;
    }
}
