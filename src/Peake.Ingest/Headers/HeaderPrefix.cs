using System.Buffers;
using System.IO.Compression;
using Peake.Dicom;

namespace Peake.Ingest.Headers;

/// <summary>
/// The header of a data set as it streams by. The data set itself goes to disk; only the few elements the cluster
/// needs are kept in memory (ARCHITECTURE data path 4), picked out by an <see cref="ElementWalker"/> that skips every
/// other value without buffering it, so a data set with megabytes of sequences or private elements before its Study
/// Instance UID is read as well as a small one.
/// <para>
/// Deflated syntaxes (PS3.5 A.5) are the exception: the compressed stream cannot be walked, so its first
/// <c>deflatedCapacity</c> bytes are kept and inflated through the same walker when the data set is complete (a bounded
/// amount of inflated bytes, so a deflate bomb costs bounded time).
/// </para>
/// Buffers come from <see cref="ArrayPool{T}"/> and go back on <see cref="Dispose"/>.
/// </summary>
internal sealed class HeaderPrefix : IDisposable
{
    /// <summary>Compressed bytes kept of a deflated data set.</summary>
    public const int DefaultDeflatedCapacity = 256 * 1024;

    private const int MaxInflated = 16 * 1024 * 1024;
    private const int ChunkSize = 64 * 1024;

    private static readonly DicomReadOptions HeaderOnly = new() { StopAtPixelData = true, MaxElements = 1000 };

    private readonly DicomTransferSyntax _syntax;
    private readonly ElementWalker? _walker;
    private readonly int _deflatedCapacity;
    private byte[]? _deflated;
    private int _deflatedLength;
    private long _total;

    public HeaderPrefix(string transferSyntaxUid, int deflatedCapacity = DefaultDeflatedCapacity)
    {
        _syntax = DicomTransferSyntax.Parse(transferSyntaxUid);
        _deflatedCapacity = deflatedCapacity;
        if (_syntax.IsDeflated)
            _deflated = ArrayPool<byte>.Shared.Rent(deflatedCapacity);
        else
            _walker = new ElementWalker(_syntax.IsExplicitVR, _syntax.IsBigEndian);
    }

    /// <summary>Every byte of the data set seen so far.</summary>
    public long Total => _total;

    public void Append(ReadOnlySpan<byte> fragment)
    {
        _total += fragment.Length;
        if (_walker is not null)
        {
            _walker.Feed(fragment);
            return;
        }
        var take = Math.Min(_deflatedCapacity - _deflatedLength, fragment.Length);
        fragment[..take].CopyTo(_deflated.AsSpan(_deflatedLength));
        _deflatedLength += take;
    }

    /// <summary>The header, or why there is none (unparsable data, a missing or bad UID).</summary>
    public (InstanceHeader? Header, string? Error) Parse()
    {
        if (_total == 0)
            return (null, "the C-STORE carried an empty data set (PS3.7 9.3.1.1)");
        if (_walker is not null)
            return Parse(_walker, _syntax, whole: true);
        using var inflated = new ElementWalker(explicitVR: true, bigEndian: false);
        var whole = Inflate(inflated);
        return Parse(inflated, DicomTransferSyntax.ExplicitVRLittleEndian, whole);
    }

    public void Dispose()
    {
        _walker?.Dispose();
        if (_deflated is { } deflated)
        {
            _deflated = null;
            ArrayPool<byte>.Shared.Return(deflated);
        }
    }

    private static (InstanceHeader? Header, string? Error) Parse(ElementWalker walker, DicomTransferSyntax syntax, bool whole)
    {
        if (walker.Error is not null)
            return (null, $"unreadable data set: {walker.Error}");
        // A complete data set that stops inside a value or sequence is malformed (a length beyond its end).
        if (whole && !walker.Done && !walker.AtBoundary)
            return (null, $"unreadable data set: it ends inside an element after {walker.Walked} bytes");
        try
        {
            using var stream = new MemoryStream(walker.Kept.ToArray(), writable: false);
            var dataset = DicomReader.ReadDataset(stream, syntax, HeaderOnly);
            var (header, error) = InstanceHeader.From(dataset);
            if (error is not null && !whole)
                error += $" (looked in the first {walker.Walked} inflated bytes)";
            return (header, error);
        }
        catch (DicomParseException e)
        {
            return (null, $"unreadable data set: {e.Message}");
        }
    }

    // PS3.5 A.5: the whole data set after the meta group is deflated (raw RFC 1951, no zlib wrapper). True when the
    // data set was inflated to its end (or to the end of what the walk needs).
    private bool Inflate(ElementWalker walker)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var inflatedBytes = 0L;
        try
        {
            using var inflater = new DeflateStream(new MemoryStream(_deflated!, 0, _deflatedLength, writable: false), CompressionMode.Decompress);
            int read;
            while (!walker.Done && walker.Error is null && inflatedBytes < MaxInflated && (read = inflater.Read(chunk, 0, ChunkSize)) > 0)
            {
                walker.Feed(chunk.AsSpan(0, read));
                inflatedBytes += read;
            }
            return walker.Done || (inflatedBytes < MaxInflated && _deflatedLength == _total);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // The deflate stream was cut with the prefix: use what came out.
            return walker.Done;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
