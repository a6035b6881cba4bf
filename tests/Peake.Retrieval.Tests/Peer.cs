using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Retrieval.Tests;

/// <summary>A node's blob store served over the real transfer endpoints by Kestrel on 127.0.0.1 (an OS-chosen port).</summary>
internal sealed class Peer : IAsyncDisposable, IBlobTransferEvents
{
    public const string Secret = "retrieval-tests-cluster-secret";

    private readonly WebApplication _app;

    private Peer(WebApplication app, string root, BlobStore store)
    {
        _app = app;
        Root = root;
        Store = store;
    }

    public string Root { get; }

    public BlobStore Store { get; }

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<Peer> StartAsync(Func<long>? availableBytes = null, long reserveBytes = 0)
    {
        var root = Directory.CreateTempSubdirectory("peake-retrieval-").FullName;
        var store = BlobStore.Open(new BlobStoreOptions(Path.Combine(root, "blobs")) { ReserveBytes = reserveBytes, AvailableBytes = availableBytes });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var peer = new Peer(app, root, store);
        app.MapBlobTransfer(store, Secret, peer, new BlobTransferOptions());
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        peer.BaseUri = new Uri(addresses.Addresses.Single());
        return peer;
    }

    public async Task<BlobInfo> AddAsync(byte[] bytes) => await Store.WriteAsync(new MemoryStream(bytes));

    /// <summary>Flips one bit of the stored copy in place, as a failing sector would.</summary>
    public void Damage(string hash, int offset)
    {
        var path = Directory.EnumerateFiles(Path.Combine(Store.Root, "blobs"), hash, SearchOption.AllDirectories).Single();
        var content = File.ReadAllBytes(path);
        content[offset] ^= 0x01;
        File.WriteAllBytes(path, content);
    }

    void IBlobTransferEvents.Stored(BlobInfo blob)
    {
    }

    void IBlobTransferEvents.Corrupt(string hash)
    {
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
