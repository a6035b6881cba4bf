using System.Security.Cryptography;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// A data set that exists only as it is read: a fixed header, then <c>bodyLength</c> pseudo-random bytes (xorshift,
/// so no two 8-byte words repeat and a misplaced or dropped piece changes the hash). The SHA-256 of everything read
/// is kept, so a gigabyte can be sent and checked without being held anywhere.
/// </summary>
internal sealed class GeneratedDataSet : Stream
{
    private readonly byte[] _header;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private ulong _state = 0x9E3779B97F4A7C15;
    private long _position;

    public GeneratedDataSet(byte[] header, long bodyLength)
    {
        _header = header;
        Length = header.Length + bodyLength;
    }

    public override long Length { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>The SHA-256 of the bytes read so far (all of them, once read to the end).</summary>
    public byte[] Hash() => _hash.GetCurrentHash();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, Length - _position);
        var piece = buffer[..n];
        var done = 0;
        if (_position < _header.Length)
        {
            done = (int)Math.Min(n, _header.Length - _position);
            _header.AsSpan((int)_position, done).CopyTo(piece);
        }
        // The body is generated 8 bytes at a time; a read that ends inside a word drops the rest of it, which is
        // fine: the hash covers exactly the bytes handed out.
        Span<byte> word = stackalloc byte[8];
        for (; done < n; done += 8)
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            BitConverter.TryWriteBytes(word, _state);
            word[..Math.Min(8, n - done)].CopyTo(piece[done..]);
        }
        _hash.AppendData(piece);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

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
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
