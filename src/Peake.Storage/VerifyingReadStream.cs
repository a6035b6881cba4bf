using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Peake.Storage;

/// <summary>
/// Reads a blob forward while hashing it; at the end of the file the hash must equal the blob's name, otherwise the
/// blob is quarantined and the read throws <see cref="BlobCorruptException"/> instead of reporting a clean EOF, so a
/// reader that consumes the stream to the end never takes silently wrong bytes for good ones.
/// </summary>
internal sealed class VerifyingReadStream : Stream
{
    private readonly FileStream _file;
    private readonly string _hash;
    private readonly Action<string, SafeFileHandle> _quarantine;
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _verified;

    internal VerifyingReadStream(FileStream file, string hash, Action<string, SafeFileHandle> quarantine)
    {
        _file = file;
        _hash = hash;
        _quarantine = quarantine;
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
        int read;
        try
        {
            read = _file.Read(buffer);
        }
        catch (IOException e)
        {
            throw Unreadable(e);
        }
        return Account(buffer.Length, buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw Unreadable(e);
        }
        return Account(buffer.Length, buffer.Span[..read]);
    }

    // EIO from a latent sector error is the commonest way a disk loses data: the copy is as lost as a corrupt one,
    // and every reader (GET, scrubber) must report it the same way rather than fail with a bare I/O error.
    private BlobCorruptException Unreadable(IOException e)
    {
        _quarantine(_hash, _file.SafeFileHandle);
        _file.Dispose();
        return new BlobCorruptException(_hash, e);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // A zero-byte read of a non-empty request is the end of the file: that is where the hash is checked.
    private int Account(int requested, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 0)
        {
            _sha.AppendData(bytes);
            return bytes.Length;
        }
        if (requested > 0 && !_verified)
        {
            var actual = BlobHash.ToHex(_sha.GetHashAndReset());
            if (actual != _hash)
            {
                _quarantine(_hash, _file.SafeFileHandle);
                _file.Dispose();
                throw new BlobCorruptException(_hash, actual);
            }
            _verified = true;
        }
        return 0;
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
            _file.Dispose();
            _sha.Dispose();
        }
        base.Dispose(disposing);
    }
}
