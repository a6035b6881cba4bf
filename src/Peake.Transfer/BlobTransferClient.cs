using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Peake.Storage;

namespace Peake.Transfer;

/// <summary>
/// Moves blobs between nodes over their <see cref="BlobTransferEndpoints"/>, streaming (never buffering a blob) and
/// checking every received byte against the blob's name before it becomes visible. The HttpClient's
/// <see cref="HttpClient.Timeout"/> bounds each whole transfer, body included (HttpClient alone stops timing once the
/// headers have arrived, and a stalled peer would otherwise hold a transfer forever).
/// </summary>
public sealed class BlobTransferClient(HttpClient http, string secret)
{
    private readonly AuthenticationHeaderValue _authorization = new("Bearer", secret);

    /// <summary>Copies the blob from the peer at <paramref name="sourceBase"/> (e.g. http://127.0.0.1:8558) into <paramref name="into"/>.</summary>
    /// <exception cref="BlobTransferException">Not found, mismatch, aborted, unauthorized, timeout, no space.</exception>
    public async Task<BlobInfo> FetchAsync(Uri sourceBase, string hash, BlobStore into, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(into);
        var uri = BlobUri(sourceBase, hash);
        using var deadline = Deadline(cancellationToken);
        try
        {
            using var response = await GetBlobAsync(uri, deadline.Token).ConfigureAwait(false);
            await using var pending = into.BeginWrite(response.Content.Headers.ContentLength);
            var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                await pending.WriteFromAsync(body, deadline.Token).ConfigureAwait(false);
            }
            return await pending.CommitAsync(hash, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (Classify(e, uri, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Copies the blob of <paramref name="expectedLength"/> bytes from the peer at <paramref name="sourceBase"/> into
    /// <paramref name="destination"/> (a reader's spool, not a store), checking its hash: on any exception the
    /// destination holds bytes that must not be used. A peer announcing another length, or sending more bytes than the
    /// blob has, is stopped at once (not at the deadline): no byte past the expected length reaches the destination.
    /// </summary>
    /// <exception cref="BlobTransferException">Not found, mismatch (too many bytes included), aborted, unauthorized, timeout.</exception>
    public async Task<long> DownloadAsync(Uri sourceBase, string hash, long expectedLength, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLength);
        var uri = BlobUri(sourceBase, hash);
        using var deadline = Deadline(cancellationToken);
        try
        {
            using var response = await GetBlobAsync(uri, deadline.Token).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength is { } announced && announced != expectedLength)
                throw NotTheBlob(uri, expectedLength, $"announced {announced} bytes");
            var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                long length = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, deadline.Token).ConfigureAwait(false)) > 0)
                {
                    if (length + read > expectedLength)
                        throw NotTheBlob(uri, expectedLength, $"sent more than {expectedLength} bytes");
                    sha.AppendData(buffer, 0, read);
                    await destination.WriteAsync(buffer.AsMemory(0, read), deadline.Token).ConfigureAwait(false);
                    length += read;
                }
                var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
                if (actual != hash)
                {
                    throw new BlobHashMismatchException(hash, actual);
                }
                return length;
            }
        }
        catch (Exception e) when (Classify(e, uri, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    // Not the blob's bytes, whatever they hash to: the blob's size is known, and a peer going past it is not waited for.
    private static BlobTransferException NotTheBlob(Uri uri, long expectedLength, string what) =>
        new(BlobTransferFailure.HashMismatch, $"{uri}: {what}, the blob has {expectedLength}");

    /// <summary>Sends a local blob to the peer at <paramref name="targetBase"/>; succeeds as well when the peer already has it.</summary>
    /// <exception cref="BlobTransferException">The local blob is absent or corrupt, the peer refused it, or the transfer broke.</exception>
    public async Task PushAsync(Uri targetBase, BlobStore from, string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        var uri = BlobUri(targetBase, hash);
        var blob = from.Find(hash)
            ?? throw new BlobTransferException(BlobTransferFailure.NotFound, $"cannot push blob {hash}: this node does not have it");
        using var deadline = Deadline(cancellationToken);
        try
        {
            var source = from.OpenRead(hash);
            await using (source.ConfigureAwait(false))
            {
                using var request = Request(HttpMethod.Put, uri);
                // The peer answers before the body when it already holds the blob; then the bytes are never sent.
                request.Headers.ExpectContinue = true;
                request.Content = new StreamContent(source);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                request.Content.Headers.ContentLength = blob.Size;
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                await EnsureSuccessAsync(response, uri, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (Classify(e, uri, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>The peer's inventory, streamed line by line.</summary>
    /// <exception cref="BlobTransferException">The peer refused, the listing broke off, or a line was malformed.</exception>
    public async IAsyncEnumerable<StoredBlob> InventoryAsync(Uri nodeBase, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeBase);
        var uri = new Uri(nodeBase, BlobTransferEndpoints.Prefix);
        using var deadline = Deadline(cancellationToken);
        using var response = await Guard(uri, cancellationToken, async () =>
        {
            using var request = Request(HttpMethod.Get, uri);
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, uri, deadline.Token).ConfigureAwait(false);
            return response;
        }).ConfigureAwait(false);
        var body = await Guard(uri, cancellationToken, () => response.Content.ReadAsStreamAsync(deadline.Token)).ConfigureAwait(false);
        using var reader = new StreamReader(body);
        while (await Guard(uri, cancellationToken, () => reader.ReadLineAsync(deadline.Token).AsTask()).ConfigureAwait(false) is { } line)
        {
            yield return ParseInventoryLine(line, uri);
        }
    }

    internal static StoredBlob ParseInventoryLine(string line, Uri source)
    {
        var parts = line.Split(' ');
        if (parts.Length == 3
            && BlobHash.IsValid(parts[0])
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            && long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var writtenMs))
        {
            return new StoredBlob(parts[0], size, DateTimeOffset.FromUnixTimeMilliseconds(writtenMs).UtcDateTime);
        }
        throw new BlobTransferException(BlobTransferFailure.Refused, $"{source} sent a malformed inventory line: \"{line}\"");
    }

    private static Uri BlobUri(Uri nodeBase, string hash)
    {
        ArgumentNullException.ThrowIfNull(nodeBase);
        return new Uri(nodeBase, $"{BlobTransferEndpoints.Prefix}/{BlobHash.Require(hash)}");
    }

    // A blob's GET with its headers read and its status checked; the body is the caller's to read.
    private async Task<HttpResponseMessage> GetBlobAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, uri);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, uri, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = _authorization;
        return request;
    }

    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (http.Timeout != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(http.Timeout);
        }
        return deadline;
    }

    // An iterator cannot catch around a yield, so each awaited step of the inventory is classified here instead.
    private static async Task<T> Guard<T>(Uri uri, CancellationToken cancellationToken, Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (Exception e) when (Classify(e, uri, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, Uri uri, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var reason = await ReasonAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var (failure, what) = response.StatusCode switch
        {
            HttpStatusCode.NotFound => (BlobTransferFailure.NotFound, "not found"),
            HttpStatusCode.Unauthorized => (BlobTransferFailure.Unauthorized, "unauthorized: the peer refused the cluster secret"),
            HttpStatusCode.InsufficientStorage => (BlobTransferFailure.InsufficientStorage, "insufficient storage"),
            HttpStatusCode.BadRequest => (BlobTransferFailure.HashMismatch, "refused as a hash mismatch or an invalid hash"),
            _ => (BlobTransferFailure.Refused, "refused"),
        };
        throw new BlobTransferException(failure, $"{uri}: {status} {what}{reason}");
    }

    // The first few hundred characters of a refusal's text body, which says why (e.g. the hash the bytes really had).
    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new char[512];
                using var reader = new StreamReader(stream);
                var read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
                return read == 0 ? "" : $" ({new string(buffer, 0, read).Trim()})";
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return "";
        }
    }

    // Turns what went wrong into a BlobTransferException saying why; the caller's own cancellation passes through.
    private static BlobTransferException? Classify(Exception e, Uri uri, CancellationToken cancellationToken) => e switch
    {
        BlobTransferException => null,
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        OperationCanceledException => new(BlobTransferFailure.Timeout, $"{uri}: timed out", e),
        BlobHashMismatchException mismatch => new(BlobTransferFailure.HashMismatch, $"{uri}: {mismatch.Message}", e),
        InsufficientStorageException full => new(BlobTransferFailure.InsufficientStorage, $"{uri}: {full.Message}", e),
        _ when Find<BlobCorruptException>(e) is { } corrupt =>
            new(BlobTransferFailure.HashMismatch, $"{uri}: the local copy is corrupt: {corrupt.Message}", e),
        FileNotFoundException => new(BlobTransferFailure.NotFound, $"{uri}: the local blob disappeared", e),
        HttpRequestException or IOException => new(BlobTransferFailure.Aborted, $"{uri}: transfer aborted: {e.Message}", e),
        _ => null,
    };

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }
        return null;
    }
}
