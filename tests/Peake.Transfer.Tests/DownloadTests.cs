namespace Peake.Transfer.Tests;

public sealed class DownloadTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3 * 1024 * 1024 + 7)]
    public async Task Should_download_a_blob_byte_for_byte_into_a_stream_without_storing_it(int size)
    {
        await using var source = await TransferNode.StartAsync();
        await using var reader = await TransferNode.StartAsync();
        var bytes = Bytes.Random(size);
        var blob = await source.AddAsync(bytes);
        using var spool = new MemoryStream();

        var length = await reader.Client().DownloadAsync(source.BaseUri, blob.Hash, blob.Size, spool, CancellationToken.None);

        Assert.Equal(size, length);
        Assert.Equal(bytes, spool.ToArray());
        Assert.Empty(reader.Store.Inventory());
    }

    [Fact]
    public async Task Should_fail_a_download_of_an_unknown_blob_as_not_found()
    {
        await using var source = await TransferNode.StartAsync();
        using var spool = new MemoryStream();

        var error = await Assert.ThrowsAsync<BlobTransferException>(
            () => source.Client().DownloadAsync(source.BaseUri, Bytes.Sha256([1, 2, 3]), 3, spool, CancellationToken.None));

        Assert.Equal(BlobTransferFailure.NotFound, error.Failure);
    }

    [Fact]
    public async Task Should_fail_a_download_of_a_corrupt_blob_before_its_last_bytes_arrive()
    {
        await using var source = await TransferNode.StartAsync();
        var bytes = Bytes.Random(1_000_000);
        var blob = await source.AddAsync(bytes);
        Bytes.Damage(source.PathOf(blob.Hash), 999_000);
        using var spool = new MemoryStream();

        var error = await Assert.ThrowsAsync<BlobTransferException>(
            () => source.Client().DownloadAsync(source.BaseUri, blob.Hash, blob.Size, spool, CancellationToken.None));

        Assert.Equal(BlobTransferFailure.Aborted, error.Failure);
        Assert.True(spool.Length < bytes.Length);
    }

    [Fact]
    public async Task Given_a_peer_with_more_bytes_than_the_blob_has_When_downloaded_Then_it_fails_at_once_and_no_byte_past_the_size_is_written()
    {
        await using var source = await TransferNode.StartAsync();
        var blob = await source.AddAsync(Bytes.Random(2_000_000));
        using var spool = new MemoryStream();
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<BlobTransferException>(
            () => source.Client().DownloadAsync(source.BaseUri, blob.Hash, 100_000, spool, CancellationToken.None));

        Assert.Equal(BlobTransferFailure.HashMismatch, error.Failure);
        Assert.Contains("100000", error.Message);
        Assert.True(spool.Length <= 100_000, $"{spool.Length} bytes written");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }
}
