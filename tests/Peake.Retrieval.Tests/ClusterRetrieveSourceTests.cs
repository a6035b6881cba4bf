using System.Net;
using System.Net.Sockets;
using Peake.Dicom.Network.Query;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Retrieval.Tests;

public sealed class ClusterRetrieveSourceTests : IAsyncLifetime
{
    private static readonly QueryContext Caller = new("READER", "PEAKE_EAST");

    private readonly List<Peer> _peers = [];
    private readonly HttpClient _http = new();
    private Peer _self = null!;

    public async Task InitializeAsync() => _self = await StartPeerAsync();

    [Fact]
    public async Task Given_a_local_copy_When_opened_Then_its_bytes_are_read_without_asking_for_other_copies()
    {
        var bytes = Random(300_000);
        var blob = await _self.AddAsync(bytes);
        var asked = 0;
        var source = Source((_, _) => { asked++; return Task.FromResult<IReadOnlyList<Uri>>([]); });

        await using var stream = await source.OpenAsync(Item(blob), Caller, CancellationToken.None);

        Assert.Equal(bytes, await ReadAllAsync(stream));
        Assert.Equal(0, asked);
    }

    [Fact]
    public async Task Given_the_nearest_holder_is_dead_When_opened_Then_the_next_copy_is_read()
    {
        var far = await StartPeerAsync();
        var bytes = Random(1_000_000);
        var blob = await far.AddAsync(bytes);
        var source = Source((_, _) => Task.FromResult<IReadOnlyList<Uri>>([DeadEndpoint(), far.BaseUri]));

        await using var stream = await source.OpenAsync(Item(blob), Caller, CancellationToken.None);

        Assert.Equal(bytes, await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Given_the_nearest_copy_is_corrupt_When_opened_Then_no_corrupt_byte_is_handed_out_and_the_next_copy_is_read()
    {
        var near = await StartPeerAsync();
        var far = await StartPeerAsync();
        var bytes = Random(1_000_000);
        var blob = await near.AddAsync(bytes);
        await far.AddAsync(bytes);
        near.Damage(blob.Hash, 999_000);
        var source = Source((_, _) => Task.FromResult<IReadOnlyList<Uri>>([near.BaseUri, far.BaseUri]));

        await using var stream = await source.OpenAsync(Item(blob), Caller, CancellationToken.None);

        Assert.Equal(bytes, await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Given_a_corrupt_local_copy_When_opened_Then_it_is_quarantined_and_a_peer_copy_is_read()
    {
        var peer = await StartPeerAsync();
        var bytes = Random(200_000);
        var blob = await _self.AddAsync(bytes);
        await peer.AddAsync(bytes);
        _self.Damage(blob.Hash, 10);
        var source = Source((_, _) => Task.FromResult<IReadOnlyList<Uri>>([peer.BaseUri]));

        await using var stream = await source.OpenAsync(Item(blob), Caller, CancellationToken.None);

        Assert.Equal(bytes, await ReadAllAsync(stream));
        Assert.False(_self.Store.Exists(blob.Hash));
    }

    [Fact]
    public async Task Given_no_readable_copy_When_opened_Then_null_and_no_spool_file_is_left()
    {
        var empty = await StartPeerAsync();
        var blob = new BlobInfo(Convert.ToHexStringLower(new byte[32]), 10);
        var source = Source((_, _) => Task.FromResult<IReadOnlyList<Uri>>([DeadEndpoint(), empty.BaseUri]));

        var stream = await source.OpenAsync(Item(blob), Caller, CancellationToken.None);

        Assert.Null(stream);
        Assert.Empty(Directory.GetFiles(SpoolDirectory));
    }

    [Fact]
    public async Task Given_a_downloaded_copy_When_its_stream_is_closed_Then_the_spool_file_is_gone()
    {
        var peer = await StartPeerAsync();
        var blob = await peer.AddAsync(Random(100_000));
        var source = Source((_, _) => Task.FromResult<IReadOnlyList<Uri>>([peer.BaseUri]));

        var stream = await source.OpenAsync(Item(blob), Caller, CancellationToken.None);
        Assert.Single(Directory.GetFiles(SpoolDirectory));
        await stream!.DisposeAsync();

        Assert.Empty(Directory.GetFiles(SpoolDirectory));
    }

    [Fact]
    public async Task Given_a_disk_that_would_fall_below_the_reserve_When_a_peer_copy_is_needed_Then_null_and_nothing_is_spooled()
    {
        // 1 MB free above a 10 GB reserve: the local store takes no 1.5 MB blob, and neither may the spool beside it.
        var reader = await StartPeerAsync(availableBytes: () => (10L << 30) + 1_000_000, reserveBytes: 10L << 30);
        var peer = await StartPeerAsync();
        var blob = await peer.AddAsync(Random(1_500_000));
        var source = new ClusterRetrieveSource(
            reader.Store, (_, _) => Task.FromResult<IReadOnlyList<Uri>>([peer.BaseUri]), new BlobTransferClient(_http, Peer.Secret),
            new RetrievalOptions(Path.Combine(reader.Root, "spool")));

        var stream = await source.OpenAsync(Item(blob), Caller, CancellationToken.None);

        Assert.Null(stream);
        Assert.Empty(Directory.GetFiles(Path.Combine(reader.Root, "spool")));
    }

    [Fact]
    public async Task Given_room_for_one_spooled_copy_When_it_is_read_and_closed_Then_the_room_is_given_back_for_the_next()
    {
        var reader = await StartPeerAsync(availableBytes: () => (10L << 30) + 1_000_000, reserveBytes: 10L << 30);
        var peer = await StartPeerAsync();
        var first = await peer.AddAsync(Random(600_000));
        var second = await peer.AddAsync(Random(600_000));
        var source = new ClusterRetrieveSource(
            reader.Store, (_, _) => Task.FromResult<IReadOnlyList<Uri>>([peer.BaseUri]), new BlobTransferClient(_http, Peer.Secret),
            new RetrievalOptions(Path.Combine(reader.Root, "spool")));

        await using (var stream = await source.OpenAsync(Item(first), Caller, CancellationToken.None))
            Assert.NotNull(stream);
        await using var next = await source.OpenAsync(Item(second), Caller, CancellationToken.None);

        Assert.NotNull(next);
    }

    [Fact]
    public async Task Given_an_invalid_locator_When_opened_Then_null_without_touching_any_path()
    {
        var source = Source((_, _) => throw new InvalidOperationException("must not be asked"));

        var stream = await source.OpenAsync(Item(new BlobInfo("../../etc/passwd", 1)), Caller, CancellationToken.None);

        Assert.Null(stream);
    }

    private string SpoolDirectory => Path.Combine(_self.Root, "spool");

    private ClusterRetrieveSource Source(ClusterRetrieveSource.CopySources sources) =>
        new(_self.Store, sources, new BlobTransferClient(_http, Peer.Secret), new RetrievalOptions(SpoolDirectory) { BaseTimeout = TimeSpan.FromSeconds(5) });

    private async Task<Peer> StartPeerAsync(Func<long>? availableBytes = null, long reserveBytes = 0)
    {
        var peer = await Peer.StartAsync(availableBytes, reserveBytes);
        _peers.Add(peer);
        return peer;
    }

    private static RetrieveItem Item(BlobInfo blob) =>
        new("1.2.3", "1.2.3.4", "1.2.3.4.5", "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.1.2.1", blob.Hash, blob.Size);

    // A loopback port nobody listens on: the connection is refused at once, as to a killed node.
    private static Uri DeadEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    private static byte[] Random(int size)
    {
        var bytes = new byte[size];
        System.Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        foreach (var peer in _peers)
            await peer.DisposeAsync();
    }
}
