using System.Runtime.CompilerServices;
using Peake.Storage;

namespace Peake.Transfer;

/// <summary>
/// Moves blobs between nodes over their <see cref="BlobTransferEndpoints"/>, streaming (never buffering a blob) and
/// checking every received byte against the blob's name before it becomes visible.
/// </summary>
public sealed class BlobTransferClient(HttpClient http, string secret)
{
    /// <summary>Copies the blob from the peer at <paramref name="sourceBase"/> (e.g. http://127.0.0.1:8558) into <paramref name="into"/>.</summary>
    /// <exception cref="BlobTransferException">Not found, mismatch, aborted, unauthorized, timeout, no space.</exception>
    public Task<BlobInfo> FetchAsync(Uri sourceBase, string hash, BlobStore into, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Sends a local blob to the peer at <paramref name="targetBase"/>.</summary>
    /// <exception cref="BlobTransferException">The peer refused it, or the transfer broke.</exception>
    public Task PushAsync(Uri targetBase, BlobStore from, string hash, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>The peer's inventory, streamed line by line.</summary>
    public async IAsyncEnumerable<StoredBlob> InventoryAsync(Uri nodeBase, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        _ = (http, secret, nodeBase, cancellationToken);
        throw new NotImplementedException();
#pragma warning disable CS0162
        yield break;
#pragma warning restore CS0162
    }
}
