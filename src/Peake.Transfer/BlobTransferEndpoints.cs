using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Peake.Storage;

namespace Peake.Transfer;

/// <summary>
/// The node-to-node blob endpoints under <c>/internal/blobs</c>, guarded by the cluster secret
/// (docs/decisions/0024-blob-transfer-and-scrubber.md):
/// <c>GET|HEAD /internal/blobs/{hash}</c> serves a blob, verified while streamed; <c>PUT /internal/blobs/{hash}</c>
/// stores one, checked against its name; <c>GET /internal/blobs</c> lists the inventory as text lines
/// <c>"&lt;hash&gt; &lt;size&gt; &lt;writtenUnixMs&gt;\n"</c>.
/// </summary>
public static class BlobTransferEndpoints
{
    public const string Prefix = "/internal/blobs";

    public static IEndpointConventionBuilder MapBlobTransfer(
        this IEndpointRouteBuilder endpoints,
        BlobStore store,
        string secret,
        IBlobTransferEvents events,
        BlobTransferOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(events);
        options ??= new BlobTransferOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentTransfers, 1, nameof(options));

        var handlers = new BlobTransferHandlers(store, events, options.MaxConcurrentTransfers);
        var guard = new ClusterSecret(secret);
        var group = endpoints.MapGroup(Prefix);
        group.MapGet("/", Guarded(guard, handlers.ListAsync));
        group.MapGet("/{hash}", Guarded(guard, handlers.GetAsync));
        group.MapMethods("/{hash}", [HttpMethods.Head], Guarded(guard, handlers.HeadAsync));
        group.MapPut("/{hash}", Guarded(guard, handlers.PutAsync));
        return group;
    }

    // Authentication comes first, so a caller without the secret learns nothing, not even whether a hash is valid.
    private static RequestDelegate Guarded(ClusterSecret secret, RequestDelegate handler) => context =>
    {
        if (secret.Admits(context.Request))
        {
            return handler(context);
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    };
}
