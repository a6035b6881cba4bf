using System.Buffers;
using System.Buffers.Binary;

namespace Peake.Ingest.Headers;

/// <summary>
/// Walks a data set's element headers as its bytes stream by, keeping only the few top-level elements the header
/// needs (UIDs, patient module, character set) and skipping every other value without buffering it, however long:
/// a 300 KB Referenced Series Sequence or a vendor's private block before (0020,000D) costs no memory. Undefined
/// lengths are followed through items and delimiters. The walk stops at the first top-level element past group 0020
/// (PS3.5 7.1: ascending tag order), so pixel data is never looked at.
/// <para>
/// Hostile-input bounds: nesting at most <see cref="MaxDepth"/> sequences/items, a kept value at most
/// <see cref="MaxKeptValue"/> bytes (a longer "UID" is simply not kept, hence reported missing), the kept bytes in one
/// pooled buffer of fixed size, a header of at most 12 bytes carried across fragments. Memory is constant; time is
/// linear in the bytes seen.
/// </para>
/// </summary>
internal sealed class ElementWalker : IDisposable
{
    private const ushort LastNeededGroup = 0x0020;
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const int MaxDepth = 64;
    private const int MaxKeptValue = 4096;
    private const int KeptCapacity = 64 * 1024;

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

    public ElementWalker(bool explicitVR, bool bigEndian)
    {
        _explicitVR = explicitVR;
        _bigEndian = bigEndian;
    }

    /// <summary>The walk reached the first top-level element past group 0020: nothing after it matters.</summary>
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
            Push(new Frame(Sequence: true, explicitVR && !unknown, bigEndian && !unknown));
            return;
        }
        var tag = (uint)group << 16 | element;
        if (_frames.Count == 0 && Needed.Contains(tag) && length <= MaxKeptValue && _keptLength + header.Length + length <= _kept!.Length)
        {
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
