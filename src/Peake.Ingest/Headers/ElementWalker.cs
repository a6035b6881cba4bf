using System.Buffers;
using System.Buffers.Binary;

namespace Peake.Ingest.Headers;

/// <summary>
/// Walks a data set's element headers as its bytes stream by, keeping only the top-level elements the header needs
/// (UIDs, patient module, character set) and those the query read model may match (ADR 0030: short text of groups
/// 0008–0040, the image geometry of group 0028, a few short key sequences) and skipping every other value without
/// buffering it, however long: a 300 KB Referenced Series Sequence or a vendor's private block before (0020,000D)
/// costs no memory. Undefined lengths are followed through items and delimiters; a key sequence of undefined length
/// is copied as it streams by and dropped whole once it outgrows <see cref="MaxKeptSequence"/>. The walk stops at the
/// first top-level element past group 0040 (PS3.5 7.1: ascending tag order), so pixel data, per-frame functional
/// groups and encapsulated documents are never looked at.
/// <para>
/// Hostile-input bounds: nesting at most <see cref="MaxDepth"/> sequences/items, a kept value at most
/// <see cref="MaxKeptValue"/> bytes (a longer "UID" is simply not kept, hence reported missing), query elements at most
/// <see cref="QueryBudget"/> bytes together (so they never crowd out the header's), the kept bytes in one pooled buffer
/// of fixed size, a header of at most 12 bytes carried across fragments. Memory is constant; time is linear in the
/// bytes seen.
/// </para>
/// </summary>
internal sealed class ElementWalker : IDisposable
{
    private const ushort LastNeededGroup = 0x0040;
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const int MaxDepth = 64;
    private const int MaxKeptValue = 4096;
    private const int MaxQueryValue = 1024;
    private const int MaxKeptSequence = 4096;
    private const int QueryBudget = 20 * 1024;
    private const int KeptCapacity = 64 * 1024 + QueryBudget;

    // Group 0028 is mostly pixel description (LUTs, overlays' kin): only the image geometry a query returns.
    private static readonly HashSet<uint> ImageGeometry = [0x00280002, 0x00280004, 0x00280008, 0x00280010, 0x00280011, 0x00280100];

    // Key sequences of the C.6 tables (BRIEF6 1.2), kept while short.
    private static readonly HashSet<uint> KeySequences = [0x00080051, 0x00081032, 0x00081110, 0x00081120, 0x00100024, 0x00101002, 0x00400275];

    // (group << 16 | element) of what InstanceHeader reads, and the character set that decodes the names.
    private static readonly HashSet<uint> Needed =
    [
        0x00080005, // Specific Character Set
        0x00080016, // SOP Class UID
        0x00080018, // SOP Instance UID
        0x00100010, // Patient's Name
        0x00100020, // Patient ID
        0x00100021, // Issuer of Patient ID
        0x00100030, // Patient's Birth Date
        0x00100040, // Patient's Sex
        0x0020000D, // Study Instance UID
        0x0020000E, // Series Instance UID
    ];

    private readonly bool _explicitVR;
    private readonly bool _bigEndian;
    private readonly byte[] _header = new byte[12];
    private readonly Stack<Frame> _frames = new();
    private byte[]? _kept = ArrayPool<byte>.Shared.Rent(KeptCapacity);
    private int _keptLength;
    private int _keptWhole;
    private int _headerHave;
    private long _skip;
    private int _keep;
    private int _queryKept;
    private int _captureStart = -1;

    public ElementWalker(bool explicitVR, bool bigEndian)
    {
        _explicitVR = explicitVR;
        _bigEndian = bigEndian;
    }

    /// <summary>The walk reached the first top-level element past group 0040: nothing after it matters.</summary>
    public bool Done { get; private set; }

    /// <summary>Why the structure cannot be a data set (a stray item tag, nesting too deep), or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Bytes walked (kept or skipped).</summary>
    public long Walked { get; private set; }

    /// <summary>True between two top-level elements: a data set that ends here ends whole.</summary>
    public bool AtBoundary => _skip == 0 && _keep == 0 && _headerHave == 0 && _frames.Count == 0;

    /// <summary>The kept top-level elements, in the data set's own encoding and order: a small data set of its own.</summary>
    public ReadOnlySpan<byte> Kept => _kept.AsSpan(0, _keptWhole);

    public void Feed(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0 && !Done && Error is null)
        {
            if (_skip > 0)
            {
                var n = (int)Math.Min(_skip, data.Length);
                Capture(data[..n]);
                _skip -= n;
                Walked += n;
                data = data[n..];
                continue;
            }
            if (_keep > 0)
            {
                var n = Math.Min(_keep, data.Length);
                data[..n].CopyTo(_kept.AsSpan(_keptLength));
                _keptLength += n;
                _keep -= n;
                if (_keep == 0)
                    _keptWhole = _keptLength;
                Walked += n;
                data = data[n..];
                continue;
            }
            var (explicitVR, bigEndian) = Encoding();
            var need = _headerHave < 8 ? 8 : HeaderLength(explicitVR, bigEndian);
            var take = Math.Min(need - _headerHave, data.Length);
            data[..take].CopyTo(_header.AsSpan(_headerHave));
            Capture(data[..take]);
            _headerHave += take;
            Walked += take;
            data = data[take..];
            if (_headerHave < need || (need == 8 && HeaderLength(explicitVR, bigEndian) > 8))
                continue;
            var length = _headerHave;
            _headerHave = 0;
            OnHeader(_header.AsSpan(0, length), explicitVR, bigEndian);
        }
    }

    public void Dispose()
    {
        if (_kept is { } kept)
        {
            _kept = null;
            ArrayPool<byte>.Shared.Return(kept);
        }
    }

    private (bool ExplicitVR, bool BigEndian) Encoding() =>
        _frames.TryPeek(out var frame) ? (frame.ExplicitVR, frame.BigEndian) : (_explicitVR, _bigEndian);

    // 12 bytes for the explicit VRs with a 4-byte length (PS3.5 7.1.2), else 8; known once 8 bytes are in.
    private int HeaderLength(bool explicitVR, bool bigEndian)
    {
        if (!explicitVR || U16(_header, 0, bigEndian) == 0xFFFE)
            return 8;
        var vr = (_header[4], _header[5]);
        return vr switch
        {
            ((byte)'O', (byte)'B' or (byte)'D' or (byte)'F' or (byte)'L' or (byte)'V' or (byte)'W') => 12,
            ((byte)'S', (byte)'Q' or (byte)'V') => 12,
            ((byte)'U', (byte)'C' or (byte)'N' or (byte)'R' or (byte)'T' or (byte)'V') => 12,
            _ => 8,
        };
    }

    private void OnHeader(ReadOnlySpan<byte> header, bool explicitVR, bool bigEndian)
    {
        var group = U16(header, 0, bigEndian);
        var element = U16(header, 2, bigEndian);
        var inSequence = _frames.TryPeek(out var frame) && frame.Sequence;
        if (group == 0xFFFE)
        {
            // Item, item delimitation, sequence delimitation: a 4-byte length, no VR (PS3.5 7.5).
            var itemLength = U32(header, 4, bigEndian);
            if (inSequence && element == 0xE000)
            {
                if (itemLength == UndefinedLength)
                    Push(new Frame(Sequence: false, explicitVR, bigEndian));
                else
                    _skip = itemLength;
            }
            else if (inSequence && element == 0xE0DD)
            {
                _frames.Pop();
                if (_frames.Count == 0)
                    EndCapture();
            }
            else if (_frames.Count > 0 && !inSequence && element == 0xE00D)
            {
                _frames.Pop();
            }
            else
            {
                Error = $"unexpected item tag (FFFE,{element:X4}) after {Walked} bytes";
            }
            return;
        }
        if (inSequence)
        {
            Error = $"a sequence of undefined length holds ({group:X4},{element:X4}) instead of items, after {Walked} bytes";
            return;
        }
        if (_frames.Count == 0 && group > LastNeededGroup)
        {
            Done = true;
            return;
        }
        var length = header.Length == 12 ? U32(header, 8, bigEndian) : explicitVR ? U16(header, 6, bigEndian) : U32(header, 4, bigEndian);
        if (length == UndefinedLength)
        {
            // A sequence (or UN) of undefined length: items up to (FFFE,E0DD). UN contents are implicit VR little
            // endian (PS3.5 6.2.2).
            var unknown = explicitVR && header[4] == 'U' && header[5] == 'N';
            if (_frames.Count == 0 && !unknown && KeySequences.Contains((uint)group << 16 | element))
                StartCapture(header);
            Push(new Frame(Sequence: true, explicitVR && !unknown, bigEndian && !unknown));
            return;
        }
        var tag = (uint)group << 16 | element;
        var forHeader = (Needed.Contains(tag) || QueryAttributeSelection.Keys.Contains(tag)) && length <= MaxKeptValue;
        var forQuery = !forHeader && ForQuery(tag, header, explicitVR, length) && _queryKept + header.Length + length <= QueryBudget;
        if (_frames.Count == 0 && (forHeader || forQuery) && _keptLength + header.Length + length <= _kept!.Length)
        {
            if (forQuery)
                _queryKept += header.Length + (int)length;
            header.CopyTo(_kept.AsSpan(_keptLength));
            _keptLength += header.Length;
            _keep = (int)length;
            if (_keep == 0)
                _keptWhole = _keptLength;
        }
        else
        {
            _skip = length;
        }
    }

    // What the query read model may keep (BRIEF6 1.2); the gateway's selection drops the rest after parsing, so in
    // implicit VR (no VR in the header) this only bounds what is copied.
    private static bool ForQuery(uint tag, ReadOnlySpan<byte> header, bool explicitVR, uint length)
    {
        var group = tag >> 16;
        if (group < 0x0008 || group > LastNeededGroup || (group & 1) == 1 || (tag & 0xFFFF) == 0)
            return false;
        if (group == 0x0028)
            return ImageGeometry.Contains(tag) && length <= 16;
        if (KeySequences.Contains(tag))
            return length <= MaxKeptSequence;
        if (length > MaxQueryValue)
            return false;
        if (!explicitVR)
            return true;
        return (header[4], header[5]) switch
        {
            ((byte)'A', (byte)'E' or (byte)'S') or ((byte)'C', (byte)'S') or ((byte)'D', (byte)'A' or (byte)'S' or (byte)'T') => true,
            ((byte)'I', (byte)'S') or ((byte)'L', (byte)'O' or (byte)'T') or ((byte)'P', (byte)'N') => true,
            ((byte)'S', (byte)'H' or (byte)'T') or ((byte)'T', (byte)'M') or ((byte)'U', (byte)'C' or (byte)'I' or (byte)'R' or (byte)'T') => true,
            _ => false,
        };
    }

    private void StartCapture(ReadOnlySpan<byte> header)
    {
        if (_queryKept + header.Length > QueryBudget || _keptLength + header.Length > _kept!.Length)
            return;
        _captureStart = _keptLength;
        header.CopyTo(_kept.AsSpan(_keptLength));
        _keptLength += header.Length;
    }

    // Every byte of a captured sequence passes here; one too many and the whole sequence is dropped, never cut.
    private void Capture(ReadOnlySpan<byte> bytes)
    {
        if (_captureStart < 0)
            return;
        var size = _keptLength - _captureStart + bytes.Length;
        if (size > MaxKeptSequence || _queryKept + size > QueryBudget || _keptLength + bytes.Length > _kept!.Length)
        {
            _keptLength = _captureStart;
            _captureStart = -1;
            return;
        }
        bytes.CopyTo(_kept.AsSpan(_keptLength));
        _keptLength += bytes.Length;
    }

    private void EndCapture()
    {
        if (_captureStart < 0)
            return;
        _queryKept += _keptLength - _captureStart;
        _keptWhole = _keptLength;
        _captureStart = -1;
    }

    private void Push(Frame frame)
    {
        if (_frames.Count >= MaxDepth)
        {
            Error = $"sequences nested deeper than {MaxDepth} levels";
            return;
        }
        _frames.Push(frame);
    }

    private static ushort U16(ReadOnlySpan<byte> data, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);

    private static uint U32(ReadOnlySpan<byte> data, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);

    // Sequence: items expected until (FFFE,E0DD); otherwise an item of undefined length: elements until (FFFE,E00D).
    private readonly record struct Frame(bool Sequence, bool ExplicitVR, bool BigEndian);
}
