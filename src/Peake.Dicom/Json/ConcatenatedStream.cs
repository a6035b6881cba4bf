namespace Peake.Dicom;

/// <summary>A read-only stream that reads several streams one after another, opening each only when it is reached.</summary>
internal sealed class ConcatenatedStream : Stream
{
    private readonly Queue<Func<Stream>> _parts;
    private Stream? _current;

    public ConcatenatedStream(IEnumerable<Func<Stream>> parts)
    {
        _parts = new Queue<Func<Stream>>(parts);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_current is null)
            {
                if (!_parts.TryDequeue(out var next))
                {
                    return 0;
                }

                _current = next();
            }

            var n = _current.Read(buffer);
            if (n > 0 || buffer.Length == 0)
            {
                return n;
            }

            _current.Dispose();
            _current = null;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
            _parts.Clear();
        }

        base.Dispose(disposing);
    }
}
