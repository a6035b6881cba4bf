namespace Peake.Transfer.Tests;

public sealed class InventoryLineTests
{
    private static readonly Uri Peer = new("http://127.0.0.1:8558/internal/blobs");

    [Fact]
    public void Should_read_hash_size_and_write_time_from_a_line()
    {
        var hash = Bytes.Sha256([7]);

        var blob = BlobTransferClient.ParseInventoryLine($"{hash} 4096 1764459000123", Peer);

        Assert.Equal(hash, blob.Hash);
        Assert.Equal(4096, blob.Size);
        Assert.Equal(new DateTime(2025, 11, 29, 23, 30, 0, 123, DateTimeKind.Utc), blob.WrittenUtc);
        Assert.Equal(DateTimeKind.Utc, blob.WrittenUtc.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-hash 1 2")]
    [InlineData("{0} -1 2")]
    [InlineData("{0} 1")]
    [InlineData("{0} 1 2 3")]
    [InlineData("{0} 1 yesterday")]
    public void Should_refuse_a_malformed_line_naming_the_peer(string format)
    {
        var line = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, Bytes.Sha256([7]));

        var error = Assert.Throws<BlobTransferException>(() => BlobTransferClient.ParseInventoryLine(line, Peer));

        Assert.Equal(BlobTransferFailure.Refused, error.Failure);
        Assert.Contains("127.0.0.1:8558", error.Message);
    }
}
