using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Peake.Storage;

namespace Peake.Transfer;

/// <summary>The node-to-node blob endpoints under <c>/internal/blobs</c> (see docs/decisions/0024-blob-transfer-and-scrubber.md).</summary>
public static class BlobTransferEndpoints
{
    public const string Prefix = "/internal/blobs";

    public static IEndpointConventionBuilder MapBlobTransfer(
        this IEndpointRouteBuilder endpoints,
        BlobStore store,
        string secret,
        IBlobTransferEvents events,
        BlobTransferOptions? options = null) =>
        throw new NotImplementedException();
}
