using Peake.Node.Options;
using Peake.Storage;

namespace Peake.Node.Storage;

/// <summary>
/// The node's blob store, rooted at <c>&lt;data&gt;/blobs</c> (so blobs live at <c>&lt;data&gt;/blobs/blobs/ab/cd/&lt;hash&gt;</c>,
/// with the store's tmp/ and quarantine/ beside them, apart from the journal and anything else under --data).
/// Opening it deletes temporary files a crash left: those writes were never acknowledged.
/// </summary>
internal static class NodeStorage
{
    public const string Folder = "blobs";

    public static BlobStore Open(NodeOptions options)
    {
        try
        {
            return BlobStore.Open(new BlobStoreOptions(Path.Combine(options.DataDir, Folder)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NodeOptionsException($"cannot open the blob store under --data '{options.DataDir}': {e.Message}");
        }
    }
}
