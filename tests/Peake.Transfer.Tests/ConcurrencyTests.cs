using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;

namespace Peake.Transfer.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Should_hold_further_transfers_while_all_slots_are_busy_and_serve_them_when_one_frees()
    {
        await using var node = await TransferNode.StartAsync(maxConcurrentTransfers: 2);
        var waiting = await node.AddAsync(Bytes.Random(10_000));
        await using var first = new HeldUpload(node);
        await using var second = new HeldUpload(node);
        // Each held upload has a slot once its temporary file exists.
        await WaitUntilAsync(() => node.FilesUnder("tmp").Length == 2);

        var fetch = node.Client().FetchAsync(node.BaseUri, waiting.Hash, node.Store, CancellationToken.None);

        // Cannot finish while both slots are taken, however fast the machine: this cannot fail spuriously.
        Assert.NotSame(fetch, await Task.WhenAny(fetch, Task.Delay(TimeSpan.FromSeconds(1))));
        Assert.Equal(HttpStatusCode.Created, await first.FinishAsync());
        Assert.Equal(waiting, await fetch.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(HttpStatusCode.Created, await second.FinishAsync());
        Assert.Equal(3, node.Store.Inventory().Count());
    }

    [Fact]
    public async Task Should_time_out_a_transfer_that_cannot_get_a_slot_within_the_client_timeout()
    {
        await using var node = await TransferNode.StartAsync(maxConcurrentTransfers: 1);
        await using var peer = await TransferNode.StartAsync();
        var blob = await node.AddAsync(Bytes.Random(1000));
        await using var hog = new HeldUpload(node);
        await WaitUntilAsync(() => node.FilesUnder("tmp").Length == 1);

        var error = await Assert.ThrowsAsync<BlobTransferException>(() => peer
            .Client(timeout: TimeSpan.FromMilliseconds(500))
            .FetchAsync(node.BaseUri, blob.Hash, peer.Store, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(BlobTransferFailure.Timeout, error.Failure);
        Assert.Empty(peer.Store.Inventory());
        Assert.Equal(HttpStatusCode.Created, await hog.FinishAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }

    /// <summary>A PUT whose body stops half way until the test lets it finish, so it keeps its transfer slot.</summary>
    private sealed class HeldUpload : IAsyncDisposable
    {
        private readonly Pipe _body = new();
        private readonly byte[] _bytes = Bytes.Random(256 * 1024);
        private readonly HttpClient _http;
        private readonly Task<HttpResponseMessage> _response;

        public HeldUpload(TransferNode node)
        {
            _http = node.Http();
            var request = new HttpRequestMessage(HttpMethod.Put, $"/internal/blobs/{Bytes.Sha256(_bytes)}")
            {
                Content = new StreamContent(_body.Reader.AsStream()),
            };
            request.Content.Headers.ContentLength = _bytes.Length;
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TransferNode.Secret);
            _response = _http.SendAsync(request);
            _ = _body.Writer.WriteAsync(_bytes.AsMemory(0, _bytes.Length / 2));
        }

        public async Task<HttpStatusCode> FinishAsync()
        {
            await _body.Writer.WriteAsync(_bytes.AsMemory(_bytes.Length / 2));
            await _body.Writer.CompleteAsync();
            using var response = await _response.WaitAsync(TimeSpan.FromSeconds(10));
            return response.StatusCode;
        }

        public async ValueTask DisposeAsync()
        {
            await _body.Writer.CompleteAsync();
            try
            {
                (await _response).Dispose();
            }
            catch (HttpRequestException)
            {
                // Finished already or cut short by the node stopping: either way nothing is left to release.
            }
        }
    }
}
