using System.IO.Compression;

namespace Peake.Dicom;

/// <summary>
/// Writes a bare data set (no preamble, no file meta group) in one of the writable transfer syntaxes: Implicit VR
/// Little Endian, Explicit VR Little Endian, or Deflated Explicit VR Little Endian (PS3.5 A.5: the whole data set is
/// a raw RFC 1951 deflate stream). Reading a data set and writing it back in the same syntax gives the same bytes.
/// </summary>
public static class DicomWriter
{
    /// <summary>Writes <paramref name="dataset"/> to <paramref name="output"/> (left open) encoded in <paramref name="syntax"/>.</summary>
    /// <exception cref="NotSupportedException">The syntax is big endian or encapsulated.</exception>
    /// <exception cref="InvalidOperationException">A defined length would not fit in 32 bits.</exception>
    public static void Write(Stream output, DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(dataset);
        EnsureWritable(syntax);
        options ??= DicomWriteOptions.Default;
        using var buffer = new LittleEndianOutput(output);
        WriteBody(buffer, dataset, syntax, options, skipFileMeta: false);
    }

    /// <summary>Encodes a data set to a new byte array (for small data sets such as DIMSE commands or tests).</summary>
    public static byte[] ToBytes(DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions? options = null)
    {
        using var ms = new MemoryStream();
        Write(ms, dataset, syntax, options);
        return ms.ToArray();
    }

    internal static void EnsureWritable(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        if (!syntax.IsWritable)
        {
            var why = syntax.IsBigEndian ? "big endian syntaxes are retired and only read" : "encapsulated (compressed) syntaxes need a codec";
            throw new NotSupportedException(
                $"cannot write transfer syntax {syntax}: {why}; write Implicit VR LE, Explicit VR LE or Deflated Explicit VR LE");
        }
    }

    /// <summary>Writes the data set after whatever <paramref name="buffer"/> already holds, deflating it if the syntax says so.</summary>
    internal static void WriteBody(LittleEndianOutput buffer, DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions options, bool skipFileMeta, DicomDirectoryOffsets? directory = null)
    {
        var encoder = new DicomDatasetEncoder(buffer, options.GroupLengths, directory);
        if (!syntax.IsDeflated)
        {
            encoder.WriteDataset(dataset, syntax.IsExplicitVR, skipFileMeta);
            buffer.Flush();
            return;
        }

        buffer.Flush();
        var inner = buffer.Target;
        using (var deflate = new DeflateStream(inner, options.DeflateLevel, leaveOpen: true))
        {
            buffer.Redirect(deflate);
            encoder.WriteDataset(dataset, syntax.IsExplicitVR, skipFileMeta);
            buffer.Flush();
            buffer.Redirect(inner);
        }
    }
}
