using System.Buffers;
using System.Buffers.Binary;

namespace Peake.Dicom;

/// <summary>
/// A buffered little endian sink over a stream: element headers are a few bytes each, so they are gathered in one
/// pooled buffer and reach the stream in large writes. Does not own the stream.
/// </summary>
internal sealed class LittleEndianOutput : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private Stream _stream;
    private byte[] _buffer;
    private int _count;

    public LittleEndianOutput(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>The stream the buffered bytes go to.</summary>
    public Stream Target => _stream;

    /// <summary>Bytes written through this output so far (for error messages).</summary>
    public long Position { get; private set; }

    /// <summary>Flushes what is buffered and sends the following bytes to another stream (e.g. a deflate stream).</summary>
    public void Redirect(Stream stream)
    {
        Flush();
        _stream = stream;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_count), value);
        Advance(2);
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_count), value);
        Advance(4);
    }

    public void WriteTag(DicomTag tag)
    {
        Ensure(4);
        var span = _buffer.AsSpan(_count);
        BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
        Advance(4);
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_count] = value;
        Advance(1);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _count)
        {
            Flush();
            if (bytes.Length >= _buffer.Length)
            {
                _stream.Write(bytes);
                Position += bytes.Length;
                return;
            }
        }

        bytes.CopyTo(_buffer.AsSpan(_count));
        Advance(bytes.Length);
    }

    /// <summary>Copies exactly <paramref name="length"/> bytes of <paramref name="source"/> through the buffer, never holding the whole value.</summary>
    public void CopyFrom(Stream source, long length)
    {
        var left = length;
        while (left > 0)
        {
            if (_count == _buffer.Length)
            {
                Flush();
            }

            var n = source.Read(_buffer, _count, (int)Math.Min(left, _buffer.Length - _count));
            if (n <= 0)
            {
                throw new EndOfStreamException($"bulk value source ended {left} bytes before the expected length {length}");
            }

            Advance(n);
            left -= n;
        }
    }

    public void Flush()
    {
        if (_count > 0)
        {
            _stream.Write(_buffer, 0, _count);
            _count = 0;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Ensure(int size)
    {
        if (_buffer.Length - _count < size)
        {
            Flush();
        }
    }

    private void Advance(int size)
    {
        _count += size;
        Position += size;
    }
}
