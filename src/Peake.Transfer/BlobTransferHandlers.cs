using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Peake.Storage;

namespace Peake.Transfer;

/// <summary>The request handlers behind <see cref="BlobTransferEndpoints"/>.</summary>
internal sealed class BlobTransferHandlers(BlobStore store, IBlobTransferEvents events, int maxConcurrentTransfers)
{
    private const string OctetStream = "application/octet-stream";
    private const int ChunkSize = 1 << 16;

    // Blob bodies wait for a slot rather than being refused: the peer's request simply takes longer, which is the
    // back-pressure we want (a repair storm slows down instead of failing and retrying).
    private readonly SemaphoreSlim _slots = new(maxConcurrentTransfers, maxConcurrentTransfers);

    public Task HeadAsync(HttpContext context)
    {
        if (RequireHash(context) is not { } hash)
        {
            return Task.CompletedTask;
        }
        if (store.Find(hash) is { } blob)
        {
            context.Response.ContentType = OctetStream;
            context.Response.ContentLength = blob.Size;
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Task.CompletedTask;
    }

    public async Task GetAsync(HttpContext context)
    {
        if (RequireHash(context) is not { } hash)
        {
            return;
        }
        await _slots.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            Stream source;
            BlobInfo? blob = store.Find(hash);
            try
            {
                source = blob is null ? Stream.Null : store.OpenRead(hash);
            }
            catch (FileNotFoundException)
            {
                (blob, source) = (null, Stream.Null);
            }
            catch (IOException)
            {
                // Not even opened: possibly transient (too many open files), so no loss is reported here; the peer tries
                // another source, and a persistently unreadable file is reported by the scrubber.
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }
            if (blob is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await using (source.ConfigureAwait(false))
            {
                context.Response.ContentType = OctetStream;
                context.Response.ContentLength = blob.Size;
                await SendVerifiedAsync(context, hash, source).ConfigureAwait(false);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public async Task PutAsync(HttpContext context)
    {
        if (RequireHash(context) is not { } hash)
        {
            return;
        }
        // Blobs are routinely larger than Kestrel's default request body limit (30 MB); the store checks space instead.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        await _slots.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            // Answered before the body is read: a client sending "Expect: 100-continue" then never sends the bytes.
            if (await HoldsIntactAsync(hash, context.RequestAborted).ConfigureAwait(false))
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }
            await StoreBodyAsync(context, hash).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public async Task ListAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ChunkSize, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var blob in store.InventoryDetailed())
            {
                context.RequestAborted.ThrowIfCancellationRequested();
                var writtenMs = new DateTimeOffset(blob.WrittenUtc, TimeSpan.Zero).ToUnixTimeMilliseconds();
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{blob.Hash} {blob.Size} {writtenMs}\n"))
                    .ConfigureAwait(false);
            }
        }
    }

    private async Task StoreBodyAsync(HttpContext context, string hash)
    {
        PendingBlob pending;
        try
        {
            pending = store.BeginWrite(context.Request.ContentLength);
        }
        catch (InsufficientStorageException e)
        {
            await RefuseAsync(context, StatusCodes.Status507InsufficientStorage, e.Message).ConfigureAwait(false);
            return;
        }
        await using (pending.ConfigureAwait(false))
        {
            BlobInfo blob;
            try
            {
                await pending.WriteFromAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
                blob = await pending.CommitAsync(hash, context.RequestAborted).ConfigureAwait(false);
            }
            catch (BlobHashMismatchException e)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
                return;
            }
            catch (InsufficientStorageException e)
            {
                await RefuseAsync(context, StatusCodes.Status507InsufficientStorage, e.Message).ConfigureAwait(false);
                return;
            }
            events.Stored(blob);
            context.Response.StatusCode = StatusCodes.Status201Created;
        }
    }

    private async Task<bool> HoldsIntactAsync(string hash, CancellationToken cancellationToken)
    {
        try
        {
            // A corrupt or unreadable copy is quarantined by the check (and reported), and the PUT then stores the good
            // bytes in its place.
            if (!store.Exists(hash))
            {
                return false;
            }
            if (await store.VerifyAsync(hash, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
            events.Corrupt(hash);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    // The blob's hash is only known to be right at its end, so the last chunk read is held back until the next read
    // has succeeded: when the end of the file reveals corruption, the response is aborted short of its Content-Length
    // and the peer can never mistake the corrupt bytes for a complete body.
    private async Task SendVerifiedAsync(HttpContext context, string hash, Stream source)
    {
        var held = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var next = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var heldCount = 0;
            int read;
            while ((read = await source.ReadAsync(next.AsMemory(0, ChunkSize), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (heldCount > 0)
                {
                    await context.Response.Body.WriteAsync(held.AsMemory(0, heldCount), context.RequestAborted).ConfigureAwait(false);
                }
                (held, next) = (next, held);
                heldCount = read;
            }
            if (heldCount > 0)
            {
                await context.Response.Body.WriteAsync(held.AsMemory(0, heldCount), context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (BlobCorruptException)
        {
            // A wrong hash at the end, or a read error (EIO) anywhere: the store turns both into this.
            context.Abort();
            events.Corrupt(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(held);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static string? RequireHash(HttpContext context)
    {
        var hash = context.Request.RouteValues["hash"] as string;
        if (BlobHash.IsValid(hash))
        {
            return hash;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return null;
    }

    private static Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason, context.RequestAborted);
    }
}
