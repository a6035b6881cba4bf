using Akka.Actor;
using Peake.Replication.Replicas;

namespace Peake.Replication.Coordinator;

/// <summary>The coordinator's requests to the replica actors of other nodes, run off its thread.</summary>
internal sealed class ReplicaRequests(ActorSystem system, ReplicationSettings settings)
{
    public ActorSelection Replica(string address) => system.ActorSelection($"{address}/user/{ReplicationStartup.ReplicaName}");

    /// <summary>Null when <paramref name="target"/> now holds the blob, else why not.</summary>
    public async Task<string?> FetchAsync(string target, FetchBlob fetch)
    {
        // The target bounds the transfer itself by the blob's size; this leaves it room to queue behind other fetches.
        var timeout = settings.TransferDeadline(fetch.Size) + settings.RequestTimeout;
        try
        {
            return await Replica(target).Ask<object>(fetch, timeout).ConfigureAwait(false) switch
            {
                BlobFetched => null,
                BlobFetchFailed f => f.Reason,
                var other => $"unexpected answer {other.GetType().Name}",
            };
        }
        catch (AskTimeoutException)
        {
            return $"no answer within {timeout}";
        }
    }

    /// <summary>
    /// Trims: first every kept copy is verified (re-hashed where it lies), then the others are deleted. A kept copy that
    /// is not good stops the trim before anything is deleted, so the blob never drops below the kept count.
    /// </summary>
    public async Task<TrimFinished> TrimAsync(string hash, long size, IReadOnlyList<string> keep, IReadOnlyList<string> remove)
    {
        // A verify re-hashes the whole blob: its deadline grows with the size like a transfer's.
        var timeout = settings.TransferDeadline(size);
        try
        {
            var verified = await Task.WhenAll(keep.Select(k => Replica(k).Ask<BlobVerified>(new VerifyBlob(hash), timeout))).ConfigureAwait(false);
            var bad = keep.Zip(verified, (node, answer) => (Node: node, answer.Condition)).Where(p => p.Condition != BlobCondition.Good).ToList();
            if (bad.Count > 0)
                return new TrimFinished(hash, [], [.. bad], "a kept copy is not good");
            var deleted = new List<string>();
            foreach (var node in remove)
            {
                await Replica(node).Ask<BlobDeleted>(new DeleteBlob(hash), timeout).ConfigureAwait(false);
                deleted.Add(node);
            }
            return new TrimFinished(hash, deleted, [], null);
        }
        catch (AskTimeoutException)
        {
            return new TrimFinished(hash, [], [], $"no answer within {timeout}");
        }
    }
}

internal sealed record TrimFinished(string Hash, IReadOnlyList<string> Deleted, IReadOnlyList<(string Node, BlobCondition Condition)> Bad, string? Error);

internal sealed record RepairFinished(string Hash, string Target, string? Error);

/// <summary>Orphan candidates re-checked against a fresh read of the whole catalog before any is deleted.</summary>
internal sealed record OrphansChecked(IReadOnlyDictionary<string, DateTime> Batch, IReadOnlyList<(string Hash, long Size, string HomeSite)>? Catalogued, string? Error);

/// <summary>The periodic re-read of the whole catalog from the start of the journal.</summary>
internal sealed record CatalogRescanned(IReadOnlyList<(string Hash, long Size, string HomeSite)>? Catalogued, string? Error);

internal sealed record InventoryRead(string Address, DateTime StartedUtc, IReadOnlySet<string>? Hashes, string? Error);
