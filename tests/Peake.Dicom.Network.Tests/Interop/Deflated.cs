using System.IO.Compression;

namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>PS3.5 A.5: a Deflated Explicit VR Little Endian data set is one raw deflate stream (RFC 1951).</summary>
internal static class Deflated
{
    public const string Uid = "1.2.840.10008.1.2.1.99";

    /// <summary>The Explicit VR Little Endian bytes inside; bytes after the end of the stream (padding) are ignored.</summary>
    public static byte[] Inflate(byte[] deflated)
    {
        using var inflater = new DeflateStream(new MemoryStream(deflated), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        inflater.CopyTo(plain);
        return plain.ToArray();
    }
}
