using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Peake.Storage;

namespace Peake.Transfer.Tests;

/// <summary>
/// A node's transfer half for tests: a blob store in a fresh temporary folder served by a real Kestrel on
/// 127.0.0.1 with an OS-chosen port, plus what its endpoints reported. Disposing stops Kestrel and deletes the folder.
/// </summary>
internal sealed class TransferNode(WebApplication app, string root, BlobStore store) : IAsyncDisposable, IBlobTransferEvents
{
    public const string Secret = "s3cret-shared-by-the-test-cluster";

    private readonly List<HttpClient> _clients = [];

    public string Root { get; } = root;

    public BlobStore Store { get; } = store;

    public Uri BaseUri { get; private set; } = null!;

    public ConcurrentQueue<BlobInfo> StoredEvents { get; } = new();

    public ConcurrentQueue<string> CorruptEvents { get; } = new();

    public static async Task<TransferNode> StartAsync(long reserveBytes = 0, int maxConcurrentTransfers = 8, Func<long>? availableBytes = null)
    {
        var root = Directory.CreateTempSubdirectory("peake-transfer-").FullName;
        var store = BlobStore.Open(new BlobStoreOptions(root) { ReserveBytes = reserveBytes, AvailableBytes = availableBytes });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var node = new TransferNode(app, root, store);
        app.MapBlobTransfer(store, Secret, node, new BlobTransferOptions { MaxConcurrentTransfers = maxConcurrentTransfers });
        await app.StartAsync();
        // Port 0 lets the OS pick a free port; the server knows which one only once started.
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        node.BaseUri = new Uri(addresses.Addresses.Single());
        return node;
    }

    /// <summary>A transfer client talking as a node with the given secret (the right one by default).</summary>
    public BlobTransferClient Client(string secret = Secret, TimeSpan? timeout = null) =>
        new(Http(timeout), secret);

    /// <summary>A bare HTTP client for requests the transfer client would never make.</summary>
    public HttpClient Http(TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = BaseUri, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        _clients.Add(http);
        return http;
    }

    public async Task<BlobInfo> AddAsync(byte[] bytes) => await Store.WriteAsync(new MemoryStream(bytes));

    public string PathOf(string hash) => Path.Combine(Root, "blobs", hash[..2], hash[2..4], hash);

    public string[] FilesUnder(string folder) => Directory.GetFiles(Path.Combine(Root, folder), "*", SearchOption.AllDirectories);

    void IBlobTransferEvents.Stored(BlobInfo blob) => StoredEvents.Enqueue(blob);

    void IBlobTransferEvents.Corrupt(string hash) => CorruptEvents.Enqueue(hash);

    public async ValueTask DisposeAsync()
    {
        foreach (var http in _clients)
        {
            http.Dispose();
        }
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
