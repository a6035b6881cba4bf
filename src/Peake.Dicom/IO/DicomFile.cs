using System.IO.Compression;

namespace Peake.Dicom;

/// <summary>
/// A DICOM file (PS3.10 7): optional 128-byte preamble, "DICM", the file meta group (0002,xxxx) in explicit VR
/// little endian, then the data set in the transfer syntax the meta group names. Files without preamble or meta
/// group (bare data sets, as some old devices write) are read too, their encoding guessed from the first element.
/// </summary>
public sealed class DicomFile
{
    private static readonly DicomTag TransferSyntaxUidTag = new(0x0002, 0x0010);
    private const int MaxMetaValueLength = 64 * 1024;

    public DicomFile(DicomDataset meta, DicomDataset dataset, DicomTransferSyntax transferSyntax, byte[]? preamble = null)
    {
        Meta = meta;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        Preamble = preamble;
    }

    /// <summary>The preamble as read, or null when the file had none. Never interpreted or executed (CVE-2019-11687).</summary>
    public byte[]? Preamble { get; }

    /// <summary>The file meta information group (group 0002); empty when the file had none.</summary>
    public DicomDataset Meta { get; }

    public DicomDataset Dataset { get; }

    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>True when the read stopped before the pixel data (<see cref="DicomReadOptions.StopAtPixelData"/>).</summary>
    public bool StoppedAtPixelData { get; private init; }

    /// <summary>Reads a file; large values (pixel data) stay on disk until asked for.</summary>
    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        using var stream = OpenForRead(path);
        return Read(stream, options, () => OpenForRead(path));
    }

    /// <summary>Reads a file from a stream. Everything is loaded unless <paramref name="reopen"/> can open the same bytes again.</summary>
    public static DicomFile Read(Stream stream, DicomReadOptions? options = null, Func<Stream>? reopen = null)
    {
        options ??= DicomReadOptions.Default;
        var start = stream.CanSeek ? stream.Position : 0;
        var source = new ByteSource(stream, start, stream.CanSeek ? stream.Length : null);
        try
        {
            var preamble = ReadPreamble(source);
            var meta = new DicomDataset();
            ReadMeta(source, meta);
            var syntax = meta.GetString(TransferSyntaxUidTag) is { Length: > 0 } uid
                ? DicomTransferSyntax.Parse(uid)
                : GuessSyntax(source);

            var dataset = new DicomDataset();
            DicomReader reader;
            if (syntax.IsDeflated)
            {
                // PS3.5 A.5: only the data set is deflated; its positions count from the end of the meta part.
                var metaEnd = source.Position - start;
                var inflated = new ByteSource(Inflate(source.DetachRemainder()), 0, null, options.MaxInflatedLength);
                reader = new DicomReader(inflated, options, null, bigEndian: false, fileOffsetBase: metaEnd);
            }
            else
            {
                reader = new DicomReader(source, options, reopen, syntax.IsBigEndian, fileOffsetBase: -start);
            }

            reader.ReadTopLevel(dataset, syntax.IsExplicitVR);
            return new DicomFile(meta, dataset, syntax, preamble) { StoppedAtPixelData = reader.Stopped };
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new DicomParseException($"unreadable data: {e.Message}", source.Position, null, e);
        }
    }

    /// <summary>A raw deflate stream (PS3.5 A.5); a zlib header, which some writers add by mistake, is tolerated.</summary>
    internal static Stream Inflate(Stream compressed)
    {
        var head = new byte[2];
        var n = compressed.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        var rest = new PrefixedStream(head.AsMemory(0, n), compressed);
        var zlibHeader = n == 2 && (head[0] & 0x0F) == 8 && ((head[0] << 8) | head[1]) % 31 == 0;
        return zlibHeader ? new ZLibStream(rest, CompressionMode.Decompress) : new DeflateStream(rest, CompressionMode.Decompress);
    }

    private static FileStream OpenForRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    private static byte[]? ReadPreamble(ByteSource source)
    {
        if (!source.TryEnsure(132) || !source.Peek(132)[128..].SequenceEqual("DICM"u8))
        {
            return null;
        }

        var preamble = source.Peek(128).ToArray();
        source.Skip(132);
        return preamble;
    }

    private static void ReadMeta(ByteSource source, DicomDataset meta)
    {
        // The meta group is explicit VR little endian whatever follows (PS3.10 7.1). Read while the group is 0002.
        while (source.TryEnsure(8) && source.Peek(2) is [0x02, 0x00])
        {
            var offset = source.Position;
            var tag = new DicomTag(source.ReadUInt16(false), source.ReadUInt16(false));
            var code = source.Peek(2);
            if (!DicomVR.TryGet(code[0], code[1], out var vr) || vr == DicomVR.SQ)
            {
                throw new DicomParseException($"invalid VR in file meta group: 0x{code[0]:X2}{code[1]:X2}", offset, tag);
            }

            source.Skip(2);
            long length;
            if (vr.HasLongLength)
            {
                source.Skip(2);
                length = source.ReadUInt32(false);
            }
            else
            {
                length = source.ReadUInt16(false);
            }

            if (length > MaxMetaValueLength || length > source.Remaining)
            {
                throw new DicomParseException($"file meta element length {length} is implausible or runs past the end", offset, tag);
            }

            meta.Set(new DicomValueElement(tag, vr, source.ReadValue(length)));
        }
    }

    /// <summary>
    /// No transfer syntax named: look at the first element. Explicit VR shows as two letters of a known VR after the
    /// tag; big endian shows as a group number that only makes sense byte-swapped.
    /// </summary>
    private static DicomTransferSyntax GuessSyntax(ByteSource source)
    {
        if (!source.TryEnsure(6))
        {
            return DicomTransferSyntax.ExplicitVRLittleEndian;
        }

        var head = source.Peek(6);
        var littleGroup = head[0] | (head[1] << 8);
        var bigGroup = (head[0] << 8) | head[1];
        var explicitVR = DicomVR.TryGet(head[4], head[5], out _);
        var bigEndian = bigGroup < littleGroup && bigGroup <= 0x00FF;
        return (explicitVR, bigEndian) switch
        {
            (true, true) => DicomTransferSyntax.ExplicitVRBigEndian,
            (true, false) => DicomTransferSyntax.ExplicitVRLittleEndian,
            _ => DicomTransferSyntax.ImplicitVRLittleEndian,
        };
    }
}
