using System.Buffers.Binary;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// A stored Part 10 file as a C-STORE sub-operation sends it (PS3.4 C.4.2.3, C.4.3.3): SOP class and instance, the
/// transfer syntax it is stored in, and where its data set starts: the bytes are sent exactly as the file holds them,
/// streamed, never parsed or re-encoded.
/// </summary>
internal sealed record RetrieveFile(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, string Path, long DataSetOffset)
{
    private static readonly DicomReadOptions MetaOnly = new() { StopAtPixelData = true, LazyThreshold = 1024 };

    /// <summary>The file's header, or null when it cannot be read (the sub-operation then fails).</summary>
    public static RetrieveFile? TryRead(string path)
    {
        try
        {
            var file = DicomFile.Open(path, MetaOnly);
            var sopClass = file.Meta.GetString(DicomTags.MediaStorageSOPClassUID);
            var sopInstance = file.Meta.GetString(DicomTags.MediaStorageSOPInstanceUID);
            // PS3.10 7.1: preamble (128) + "DICM" (4), then (0002,0000) UL, 12 bytes, whose value is the rest of the group.
            Span<byte> head = stackalloc byte[144];
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
            {
                stream.ReadExactly(head);
            }

            if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance)
                || BinaryPrimitives.ReadUInt32LittleEndian(head[132..]) != 0x00000002 || !head.Slice(136, 2).SequenceEqual("UL"u8))
            {
                return null;
            }

            return new RetrieveFile(sopClass, sopInstance, file.TransferSyntax.Uid, path, 144 + BinaryPrimitives.ReadUInt32LittleEndian(head[140..]));
        }
        catch (Exception e) when (e is DicomParseException or IOException or UnauthorizedAccessException or EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>
    /// The file opened and positioned at its data set, to be streamed and disposed by the caller; null when it cannot
    /// be opened any more (the sub-operation then fails).
    /// </summary>
    public FileStream? TryOpenDataSet()
    {
        FileStream? stream = null;
        try
        {
            stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            stream.Seek(DataSetOffset, SeekOrigin.Begin);
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            return null;
        }
    }
}
