using Peake.Dicom.Network.Association;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// Which accepted presentation context a retrieve sub-operation uses, and the conversion it needs (BRIEF6 4.4,
/// "among uncompressed syntaxes"): a context in the stored transfer syntax sends the stored bytes unchanged; else a
/// data set stored uncompressed (Implicit/Explicit VR LE, Explicit VR BE, Deflated) is re-encoded for an Explicit or Implicit VR
/// LE context (Explicit preferred: it keeps the VRs); a compressed one, with no codecs here, has no context.
/// </summary>
internal static class SyntaxConversion
{
    private static readonly HashSet<string> Readable = new(StringComparer.Ordinal)
    {
        DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRBigEndian.Uid,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
    };

    private static readonly string[] Targets = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];

    /// <summary>The context to send on among <paramref name="candidates"/> (accepted, for the instance's SOP class); null when none fits.</summary>
    public static AcceptedPresentationContext? Choose(string storedSyntax, IEnumerable<AcceptedPresentationContext> candidates)
    {
        var contexts = candidates.ToList();
        if (contexts.FirstOrDefault(c => c.TransferSyntax == storedSyntax) is { } exact)
        {
            return exact;
        }

        return Readable.Contains(storedSyntax)
            ? Targets.Select(t => contexts.FirstOrDefault(c => c.TransferSyntax == t)).FirstOrDefault(c => c is not null)
            : null;
    }

    /// <summary>
    /// The data set in <paramref name="targetSyntax"/>: the stream itself when it already is, else a re-encoded copy in
    /// a temporary file deleted on close (values copied as they are, pixel data included). Disposes the source stream
    /// when it returns another.
    /// </summary>
    /// <exception cref="DicomParseException">The stored data set cannot be read.</exception>
    public static async Task<Stream> ConvertAsync(Stream dataSet, string storedSyntax, string targetSyntax, CancellationToken cancellationToken)
    {
        if (storedSyntax == targetSyntax)
        {
            return dataSet;
        }

        FileStream? output = null;
        try
        {
            var dataset = Read(dataSet, DicomTransferSyntax.Parse(storedSyntax));
            var path = Path.Combine(Path.GetTempPath(), "peake-convert-" + Guid.NewGuid().ToString("N"));
            output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            DicomWriter.Write(output, dataset, DicomTransferSyntax.Parse(targetSyntax));
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            output.Position = 0;
            return output;
        }
        catch
        {
            if (output is not null)
            {
                await output.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
        finally
        {
            await dataSet.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The stored data set. From a little-endian file, large values (pixel data) stay on disk and are copied while
    /// written (<see cref="DicomFile.Open"/> reads them lazily), so a conversion costs no more memory than the header;
    /// any other stream is read whole.
    /// </summary>
    private static DicomDataset Read(Stream dataSet, DicomTransferSyntax syntax) =>
        dataSet is FileStream file && !syntax.IsBigEndian && !syntax.IsDeflated
            ? DicomFile.Open(file.Name).Dataset
            : DicomReader.ReadDataset(dataSet, syntax, new DicomReadOptions { LazyThreshold = long.MaxValue });
}
