using System.Net;
using System.Net.Http.Headers;
using Peake.Storage;

namespace Peake.Transfer.Tests;

public sealed class BlobTransferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_536)]
    [InlineData(3 * 1024 * 1024 + 7)]
    public async Task Should_fetch_a_blob_byte_for_byte_into_the_local_store(int size)
    {
        await using var source = await TransferNode.StartAsync();
        await using var target = await TransferNode.StartAsync();
        var bytes = Bytes.Random(size);
        var blob = await source.AddAsync(bytes);

        var fetched = await target.Client().FetchAsync(source.BaseUri, blob.Hash, target.Store, CancellationToken.None);

        Assert.Equal(blob, fetched);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(target.PathOf(blob.Hash)));
        Assert.Empty(target.FilesUnder("tmp"));
        Assert.True(source.Store.Exists(blob.Hash));
    }

    [Fact]
    public async Task Should_push_a_blob_and_report_it_stored_only_the_first_time()
    {
        await using var source = await TransferNode.StartAsync();
        await using var target = await TransferNode.StartAsync();
        var bytes = Bytes.Random(200_000);
        var blob = await source.AddAsync(bytes);
        var client = source.Client();

        await client.PushAsync(target.BaseUri, source.Store, blob.Hash, CancellationToken.None);
        await client.PushAsync(target.BaseUri, source.Store, blob.Hash, CancellationToken.None);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(target.PathOf(blob.Hash)));
        Assert.Equal([blob], target.StoredEvents);
        Assert.Empty(target.FilesUnder("tmp"));
    }

    [Fact]
    public async Task Should_answer_201_for_a_new_blob_and_200_when_it_is_already_there()
    {
        await using var target = await TransferNode.StartAsync();
        var bytes = Bytes.Random(1000);
        var hash = Bytes.Sha256(bytes);
        var http = target.Http();

        using var created = await http.SendAsync(Put(hash, bytes));
        using var again = await http.SendAsync(Put(hash, bytes));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(target.StoredEvents);
    }

    [Fact]
    public async Task Should_refuse_a_put_whose_bytes_do_not_match_its_hash_and_store_nothing()
    {
        await using var target = await TransferNode.StartAsync();
        var claimed = Bytes.Sha256(Bytes.Random(100));
        var actual = Bytes.Random(300_000);

        using var response = await target.Http().SendAsync(Put(claimed, actual));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Bytes.Sha256(actual), await response.Content.ReadAsStringAsync());
        Assert.Empty(target.Store.Inventory());
        Assert.Empty(target.FilesUnder("tmp"));
        Assert.Empty(target.StoredEvents);
    }

    [Theory]
    [InlineData(1000, 10)]
    [InlineData(1_000_000, 999_000)]
    public async Task Should_fail_a_fetch_of_a_corrupt_blob_store_nothing_and_quarantine_it_at_the_source(int size, int damagedAt)
    {
        await using var source = await TransferNode.StartAsync();
        await using var target = await TransferNode.StartAsync();
        var blob = await source.AddAsync(Bytes.Random(size));
        Bytes.Damage(source.PathOf(blob.Hash), damagedAt);

        var error = await Assert.ThrowsAsync<BlobTransferException>(
            () => target.Client().FetchAsync(source.BaseUri, blob.Hash, target.Store, CancellationToken.None));

        Assert.Equal(BlobTransferFailure.Aborted, error.Failure);
        Assert.Empty(target.Store.Inventory());
        Assert.Empty(target.FilesUnder("tmp"));
        Assert.False(source.Store.Exists(blob.Hash));
        Assert.Single(source.FilesUnder("quarantine"));
        Assert.Equal([blob.Hash], source.CorruptEvents);
    }

    [Fact]
    public async Task Should_never_let_a_plain_reader_receive_a_complete_body_of_a_corrupt_blob()
    {
        await using var source = await TransferNode.StartAsync();
        var blob = await source.AddAsync(Bytes.Random(500_000));
        Bytes.Damage(source.PathOf(blob.Hash), 250_000);
        var http = source.Http();

        using var request = Authorized(HttpMethod.Get, blob.Hash);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(blob.Size, response.Content.Headers.ContentLength);

        await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsByteArrayAsync());
        using var afterwards = await http.SendAsync(Authorized(HttpMethod.Get, blob.Hash));
        Assert.Equal(HttpStatusCode.NotFound, afterwards.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_every_route_without_the_cluster_secret()
    {
        await using var node = await TransferNode.StartAsync();
        var blob = await node.AddAsync(Bytes.Random(100));
        var http = node.Http();
        var bytes = Bytes.Random(10);

        foreach (var secret in new[] { null, "wrong", TransferNode.Secret + "x", TransferNode.Secret[..^1] })
        {
            foreach (var request in new[]
            {
                new HttpRequestMessage(HttpMethod.Get, $"/internal/blobs/{blob.Hash}"),
                new HttpRequestMessage(HttpMethod.Head, $"/internal/blobs/{blob.Hash}"),
                new HttpRequestMessage(HttpMethod.Get, "/internal/blobs"),
                new HttpRequestMessage(HttpMethod.Get, "/internal/blobs/not-a-hash"),
                new HttpRequestMessage(HttpMethod.Put, $"/internal/blobs/{Bytes.Sha256(bytes)}") { Content = new ByteArrayContent(bytes) },
            })
            {
                using (request)
                {
                    if (secret is not null)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
                    }
                    using var response = await http.SendAsync(request);
                    Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                }
            }
        }
        Assert.Single(node.Store.Inventory());

        var error = await Assert.ThrowsAsync<BlobTransferException>(
            () => node.Client("wrong").FetchAsync(node.BaseUri, blob.Hash, node.Store, CancellationToken.None));
        Assert.Equal(BlobTransferFailure.Unauthorized, error.Failure);
        Assert.Contains("401", error.Message);
    }

    [Fact]
    public async Task Should_answer_404_for_an_absent_blob_and_400_for_an_invalid_hash()
    {
        await using var source = await TransferNode.StartAsync();
        await using var target = await TransferNode.StartAsync();
        var absent = Bytes.Sha256([1, 2, 3]);
        var http = source.Http();

        var error = await Assert.ThrowsAsync<BlobTransferException>(
            () => target.Client().FetchAsync(source.BaseUri, absent, target.Store, CancellationToken.None));
        using var head = await http.SendAsync(Authorized(HttpMethod.Head, absent));
        using var invalid = await http.SendAsync(Authorized(HttpMethod.Get, absent.ToUpperInvariant()));

        Assert.Equal(BlobTransferFailure.NotFound, error.Failure);
        Assert.Contains("404", error.Message);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Empty(target.FilesUnder("tmp"));
    }

    [Fact]
    public async Task Should_answer_head_with_the_blob_size_and_no_body()
    {
        await using var node = await TransferNode.StartAsync();
        var blob = await node.AddAsync(Bytes.Random(12_345));

        using var head = await node.Http().SendAsync(Authorized(HttpMethod.Head, blob.Hash));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(12_345, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Should_answer_507_below_the_reserve_and_store_nothing()
    {
        await using var source = await TransferNode.StartAsync();
        await using var full = await TransferNode.StartAsync(reserveBytes: long.MaxValue / 2);
        var blob = await source.AddAsync(Bytes.Random(50_000));

        var pushed = await Assert.ThrowsAsync<BlobTransferException>(
            () => source.Client().PushAsync(full.BaseUri, source.Store, blob.Hash, CancellationToken.None));
        using var raw = await full.Http().SendAsync(Put(blob.Hash, await File.ReadAllBytesAsync(source.PathOf(blob.Hash))));
        var fetched = await Assert.ThrowsAsync<BlobTransferException>(
            () => full.Client().FetchAsync(source.BaseUri, blob.Hash, full.Store, CancellationToken.None));

        Assert.Equal(BlobTransferFailure.InsufficientStorage, pushed.Failure);
        Assert.Contains("507", pushed.Message);
        Assert.Equal(HttpStatusCode.InsufficientStorage, raw.StatusCode);
        Assert.Equal(BlobTransferFailure.InsufficientStorage, fetched.Failure);
        Assert.Empty(full.Store.Inventory());
        Assert.Empty(full.FilesUnder("tmp"));
        Assert.Empty(full.StoredEvents);
    }

    [Fact]
    public async Task Should_list_the_inventory_of_a_peer()
    {
        await using var node = await TransferNode.StartAsync();
        var client = node.Client();
        Assert.Empty(await client.InventoryAsync(node.BaseUri, CancellationToken.None).ToListAsync());
        for (var i = 0; i < 25; i++)
        {
            await node.AddAsync(Bytes.Random(i * 100));
        }

        var listed = await client.InventoryAsync(node.BaseUri, CancellationToken.None).ToListAsync();

        var expected = node.Store.InventoryDetailed()
            .Select(b => b with { WrittenUtc = DateTime.UnixEpoch.AddMilliseconds(new DateTimeOffset(b.WrittenUtc).ToUnixTimeMilliseconds()) })
            .OrderBy(b => b.Hash);
        Assert.Equal(expected, listed.OrderBy(b => b.Hash));
        Assert.Equal(25, listed.Count);
    }

    [Fact]
    public async Task Should_fail_a_push_of_a_corrupt_local_blob_and_leave_the_peer_without_it()
    {
        await using var source = await TransferNode.StartAsync();
        await using var target = await TransferNode.StartAsync();
        var blob = await source.AddAsync(Bytes.Random(300_000));
        Bytes.Damage(source.PathOf(blob.Hash), 5);

        var error = await Assert.ThrowsAsync<BlobTransferException>(
            () => source.Client().PushAsync(target.BaseUri, source.Store, blob.Hash, CancellationToken.None));

        Assert.Equal(BlobTransferFailure.HashMismatch, error.Failure);
        Assert.False(source.Store.Exists(blob.Hash));
        Assert.Empty(target.Store.Inventory());
        Assert.Empty(target.StoredEvents);
    }

    [Fact]
    public async Task Should_report_an_unreachable_peer_as_aborted()
    {
        await using var node = await TransferNode.StartAsync();
        var blob = await node.AddAsync(Bytes.Random(10));
        var nobody = new Uri("http://127.0.0.1:1");

        var error = await Assert.ThrowsAsync<BlobTransferException>(
            () => node.Client().PushAsync(nobody, node.Store, blob.Hash, CancellationToken.None));

        Assert.Equal(BlobTransferFailure.Aborted, error.Failure);
    }

    internal static HttpRequestMessage Authorized(HttpMethod method, string hash)
    {
        var request = new HttpRequestMessage(method, $"/internal/blobs/{hash}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TransferNode.Secret);
        return request;
    }

    internal static HttpRequestMessage Put(string hash, byte[] bytes)
    {
        var request = Authorized(HttpMethod.Put, hash);
        request.Content = new ByteArrayContent(bytes);
        return request;
    }
}
