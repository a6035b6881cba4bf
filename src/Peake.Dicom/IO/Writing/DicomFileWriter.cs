namespace Peake.Dicom;

/// <summary>
/// Writes DICOM Part 10 files (PS3.10 7.1): a 128-byte preamble, "DICM", the file meta group in Explicit VR Little
/// Endian, then the data set in the chosen transfer syntax. Writing in a syntax other than the source's is how
/// files are transcoded between the uncompressed syntaxes: the model is little endian already, and elements read as
/// UN from implicit VR stay UN.
/// </summary>
public static class DicomFileWriter
{
    public const int PreambleLength = 128;

    private static readonly DicomTag MetaGroupLength = new(0x0002, 0x0000);
    private static readonly DicomTag MetaVersion = new(0x0002, 0x0001);
    private static readonly DicomTag MediaStorageSopClassUid = new(0x0002, 0x0002);
    private static readonly DicomTag MediaStorageSopInstanceUid = new(0x0002, 0x0003);
    private static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);
    private static readonly DicomTag ImplementationClassUid = new(0x0002, 0x0012);
    private static readonly DicomTag ImplementationVersionName = new(0x0002, 0x0013);
    private static readonly DicomTag SopClassUid = new(0x0008, 0x0016);
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    /// <summary>
    /// Writes a Part 10 file to <paramref name="output"/> (left open).
    /// </summary>
    /// <param name="sourceMeta">The file meta group the data set was read with: elements other than those this writer
    /// sets (e.g. Source Application Entity Title, private information) are kept; its SOP Class/Instance UIDs are used
    /// only when the data set has none (as in a DICOMDIR).</param>
    /// <param name="preamble">128 bytes to write as preamble; zeros when null. Never copied implicitly from a source
    /// file: a preamble can carry executable content (PS3.10 7.5).</param>
    /// <exception cref="NotSupportedException">The syntax is not writable, or the pixel data is encapsulated.</exception>
    /// <exception cref="ArgumentException">The SOP Class or Instance UID is missing, or the preamble is not 128 bytes.</exception>
    public static void Write(Stream output, DicomDataset dataset, DicomTransferSyntax syntax, DicomDataset? sourceMeta = null, byte[]? preamble = null, DicomWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(dataset);
        DicomWriter.EnsureWritable(syntax);
        if (preamble is not null && preamble.Length != PreambleLength)
        {
            throw new ArgumentException($"a preamble is exactly {PreambleLength} bytes, not {preamble.Length}", nameof(preamble));
        }

        // PS3.5 A.4: fragments are only valid in encapsulated syntaxes; decompressing is not this library's job.
        if (dataset[PixelData] is DicomFragments)
        {
            throw new NotSupportedException($"the pixel data is encapsulated (compressed) and cannot be written in {syntax} without decompressing it");
        }

        var meta = BuildMeta(dataset, syntax, sourceMeta);
        options ??= DicomWriteOptions.Default;

        // PS3.10 7.1: the meta group is always Explicit VR LE with its group length computed, whatever the options.
        var metaLengths = new DicomEncodedLengths(DicomGroupLengthMode.Recompute);
        var directory = IsDirectory(meta)
            ? DicomDirectoryOffsets.Plan(dataset, PreambleLength + 4 + metaLengths.ItemContent(meta, explicitVR: true), syntax, options.GroupLengths)
            : null;

        using var buffer = new LittleEndianOutput(output);
        buffer.WriteBytes(preamble ?? new byte[PreambleLength]);
        buffer.WriteBytes("DICM"u8);
        new DicomDatasetEncoder(buffer, DicomGroupLengthMode.Recompute).WriteDataset(meta, explicitVR: true);
        DicomWriter.WriteBody(buffer, dataset, syntax, options, skipFileMeta: true, directory);
    }

    /// <summary>Writes a Part 10 file at <paramref name="path"/>, replacing any file there.</summary>
    public static void Write(string path, DicomDataset dataset, DicomTransferSyntax syntax, DicomDataset? sourceMeta = null, byte[]? preamble = null, DicomWriteOptions? options = null)
    {
        // Written beside the target, then renamed over it: a failed write never leaves half a file under the name,
        // and a file rewritten in place keeps its bytes until its lazy values (read from it) have been copied.
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                Write(file, dataset, syntax, sourceMeta, preamble, options);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Writes a file that was read, in its own syntax or in <paramref name="syntax"/> (transcoding). Its meta group is
    /// the source meta; its preamble is not copied (zeros are written).
    /// </summary>
    public static void Write(Stream output, DicomFile file, DicomTransferSyntax? syntax = null, DicomWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        Write(output, file.Dataset, syntax ?? file.TransferSyntax, file.Meta, preamble: null, options);
    }

    /// <inheritdoc cref="Write(Stream, DicomFile, DicomTransferSyntax?, DicomWriteOptions?)"/>
    public static void Write(string path, DicomFile file, DicomTransferSyntax? syntax = null, DicomWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        Write(path, file.Dataset, syntax ?? file.TransferSyntax, file.Meta, preamble: null, options);
    }

    /// <summary>The file meta group this writer produces for a data set (PS3.10 Table 7.1-1).</summary>
    public static DicomDataset BuildMeta(DicomDataset dataset, DicomTransferSyntax syntax, DicomDataset? sourceMeta = null)
    {
        // PS3.10 7.1 makes both Type 1, but some files in the wild have neither in the data set nor in their meta
        // group. Such a file is written with empty values rather than invented ones: a transcode must not give an
        // object an identity it never had (docs/decisions/0004-writing.md).
        var sopClass = Uid(dataset, SopClassUid) ?? Uid(sourceMeta, MediaStorageSopClassUid) ?? string.Empty;
        var sopInstance = Uid(dataset, SopInstanceUid) ?? Uid(sourceMeta, MediaStorageSopInstanceUid) ?? string.Empty;

        var meta = new DicomDataset();
        if (sourceMeta is not null)
        {
            foreach (var element in sourceMeta)
            {
                if (element.Tag.Group == 0x0002 && !IsWriterOwned(element.Tag))
                {
                    meta.Set(element);
                }
            }
        }

        // The value of the group length is computed when the group is encoded.
        meta.Set(new DicomValueElement(MetaGroupLength, DicomVR.UL, new byte[4]));
        meta.Set(new DicomValueElement(MetaVersion, DicomVR.OB, new byte[] { 0x00, 0x01 }));
        meta.SetString(MediaStorageSopClassUid, DicomVR.UI, sopClass);
        meta.SetString(MediaStorageSopInstanceUid, DicomVR.UI, sopInstance);
        meta.SetString(TransferSyntaxUid, DicomVR.UI, syntax.Uid);
        meta.SetString(ImplementationClassUid, DicomVR.UI, DicomImplementation.ClassUid);
        meta.SetString(ImplementationVersionName, DicomVR.SH, DicomImplementation.VersionName);
        return meta;
    }

    // A DICOMDIR is known by its SOP Class (Media Storage Directory Storage), which only its meta group carries.
    private static bool IsDirectory(DicomDataset meta) =>
        meta.GetString(MediaStorageSopClassUid) == DicomDirectoryOffsets.MediaStorageDirectoryStorage;

    private static bool IsWriterOwned(DicomTag tag) =>
        tag == MetaGroupLength || tag == MetaVersion || tag == MediaStorageSopClassUid || tag == MediaStorageSopInstanceUid
        || tag == TransferSyntaxUid || tag == ImplementationClassUid || tag == ImplementationVersionName;

    // Read the bytes directly: a UID read as UN (explicit VR file with an unknown VR) still counts.
    private static string? Uid(DicomDataset? dataset, DicomTag tag)
    {
        if (dataset?[tag] is not DicomValueElement { IsLoaded: true } element)
        {
            return null;
        }

        var uid = System.Text.Encoding.ASCII.GetString(element.Bytes.Span).TrimEnd('\0', ' ').TrimStart(' ');
        return uid.Length > 0 ? uid : null;
    }
}
