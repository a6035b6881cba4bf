using System.Buffers.Binary;

namespace Peake.Dicom;

/// <summary>
/// A forward reader over a stream with its own buffer and an absolute position, so that every parse error can name
/// its offset. When the stream's end is known, lengths are checked against it before anything is allocated; when it
/// is not (deflated data), values are read in chunks that grow only as bytes actually arrive.
/// </summary>
internal sealed class ByteSource
{
    private const int ChunkSize = 1 << 20;
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private readonly long _limit;
    private int _start;
    private int _end;
    private long _bufferOffset;

    public ByteSource(Stream stream, long basePosition, long? knownEnd, long limit = long.MaxValue, int bufferSize = 16 * 1024)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
        _bufferOffset = basePosition;
        KnownEnd = knownEnd;
        _limit = limit;
    }

    /// <summary>Absolute position of the next byte.</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>Position of the end of the data when the source knows it (seekable, not deflated).</summary>
    public long? KnownEnd { get; }

    public bool CanSeek => KnownEnd is not null && _stream.CanSeek;

    /// <summary>Bytes left when known; otherwise long.MaxValue.</summary>
    public long Remaining => KnownEnd is { } end ? end - Position : long.MaxValue;

    /// <summary>Makes at least <paramref name="count"/> (at most the buffer size) bytes available; false at end of data.</summary>
    public bool TryEnsure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        while (_end < count)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                return false;
            }

            _end += n;
            if (_bufferOffset + _end > _limit)
            {
                throw new DicomParseException($"data inflates past the limit of {_limit} bytes", _bufferOffset + _end, null);
            }
        }

        return true;
    }

    public bool AtEnd => !TryEnsure(1);

    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    public ushort ReadUInt16(bool bigEndian)
    {
        Need(2);
        var v = bigEndian
            ? BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start))
            : BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(_start));
        _start += 2;
        return v;
    }

    public uint ReadUInt32(bool bigEndian)
    {
        Need(4);
        var v = bigEndian
            ? BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start))
            : BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start));
        _start += 4;
        return v;
    }

    public void ReadExactly(Span<byte> destination)
    {
        var buffered = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, buffered).CopyTo(destination);
        _start += buffered;
        var rest = destination[buffered..];
        while (rest.Length > 0)
        {
            if (rest.Length >= _buffer.Length)
            {
                // Large reads bypass the buffer.
                var n = _stream.Read(rest);
                if (n == 0)
                {
                    throw Truncated();
                }

                _bufferOffset += n;
                rest = rest[n..];
                if (Position > _limit)
                {
                    throw new DicomParseException($"data inflates past the limit of {_limit} bytes", Position, null);
                }
            }
            else
            {
                Need(rest.Length);
                _buffer.AsSpan(_start, rest.Length).CopyTo(rest);
                _start += rest.Length;
                rest = default;
            }
        }
    }

    /// <summary>
    /// Reads a value of <paramref name="length"/> bytes. The caller has checked the length against the known end
    /// (when there is one); without one, memory grows in chunks only as data arrives, so a lying length fails at the
    /// real end of the data instead of allocating what it claims.
    /// </summary>
    public byte[] ReadValue(long length)
    {
        if (KnownEnd is not null || length <= ChunkSize)
        {
            // Every byte is overwritten by the read, so skip zeroing (a measurable share of a full parse of pixel data).
            var value = GC.AllocateUninitializedArray<byte>((int)length);
            ReadExactly(value);
            return value;
        }

        var result = new byte[ChunkSize];
        long filled = 0;
        while (filled < length)
        {
            if (filled == result.Length)
            {
                Array.Resize(ref result, (int)Math.Min(length, (long)result.Length * 2));
            }

            var n = (int)Math.Min(result.Length - filled, ChunkSize);
            ReadExactly(result.AsSpan((int)filled, n));
            filled += n;
        }

        return result;
    }

    public void Skip(long count)
    {
        var buffered = (int)Math.Min(count, _end - _start);
        _start += buffered;
        count -= buffered;
        if (count == 0)
        {
            return;
        }

        if (CanSeek)
        {
            _bufferOffset += _start + count;
            _start = _end = 0;
            _stream.Seek(_bufferOffset, SeekOrigin.Begin);
            return;
        }

        while (count > 0)
        {
            var n = (int)Math.Min(count, _buffer.Length);
            Need(n);
            _start += n;
            count -= n;
        }
    }

    /// <summary>The unread bytes (buffered, then the rest of the stream) as a stream of their own.</summary>
    public Stream DetachRemainder()
    {
        var buffered = _buffer.AsMemory(_start, _end - _start).ToArray();
        _bufferOffset += _end;
        _start = _end = 0;
        return new PrefixedStream(buffered, _stream);
    }

    private void Need(int count)
    {
        if (!TryEnsure(count))
        {
            throw Truncated();
        }
    }

    private DicomParseException Truncated() => new("unexpected end of data", Position, null);
}
