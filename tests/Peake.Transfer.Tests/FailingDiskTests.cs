using System.Net;

namespace Peake.Transfer.Tests;

/// <summary>What a peer sees when this node's disk fails under a transfer: an unreadable blob, a disk filling mid-body.</summary>
public sealed class FailingDiskTests
{
    [Fact]
    public async Task Given_a_blob_failing_with_EIO_When_a_peer_fetches_it_Then_the_fetch_fails_and_the_copy_is_reported_corrupt()
    {
        // Linux returns a real EIO for reads of /proc/self/mem at address 0: the blob reads like a bad sector.
        if (!OperatingSystem.IsLinux()) return;
        await using var source = await TransferNode.StartAsync();
        await using var target = await TransferNode.StartAsync();
        var blob = await source.AddAsync(Bytes.Random(200_000));
        File.Delete(source.PathOf(blob.Hash));
        File.CreateSymbolicLink(source.PathOf(blob.Hash), "/proc/self/mem");

        await Assert.ThrowsAsync<BlobTransferException>(
            () => target.Client().FetchAsync(source.BaseUri, blob.Hash, target.Store, CancellationToken.None));

        Assert.Equal([blob.Hash], source.CorruptEvents);
        Assert.False(source.Store.Exists(blob.Hash));
        Assert.Empty(target.Store.Inventory());
        Assert.Empty(target.FilesUnder("tmp"));
    }

    [Fact]
    public async Task Given_a_chunked_put_When_the_disk_falls_below_the_reserve_while_it_arrives_Then_507_and_nothing_stored()
    {
        const int total = 64 << 20;
        var sent = new CountingStream(Bytes.Random(total));
        // The disk looks full only while the body is between 12 and 40 MB sent: a write checked only at its start and
        // at its commit (after all 64 MB) would never notice.
        await using var target = await TransferNode.StartAsync(
            reserveBytes: 1L << 30,
            availableBytes: () => sent.Position is > 12 << 20 and < 40 << 20 ? 1L << 20 : 1L << 40);
        var request = BlobTransferTests.Authorized(HttpMethod.Put, new string('a', 64));
        request.Content = new StreamContent(sent);
        request.Headers.TransferEncodingChunked = true;

        using var response = await target.Http().SendAsync(request);

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Empty(target.Store.Inventory());
        Assert.Empty(target.FilesUnder("tmp"));
        Assert.Empty(target.StoredEvents);
    }

    // A non-seekable body (so the PUT is chunked, without Content-Length) that tells how much of it was read.
    private sealed class CountingStream(byte[] bytes) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Interlocked.Read(ref _position);
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var at = (int)Position;
            var take = Math.Min(count, Math.Min(bytes.Length - at, 64 * 1024));
            Array.Copy(bytes, at, buffer, offset, take);
            Interlocked.Add(ref _position, take);
            return take;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
