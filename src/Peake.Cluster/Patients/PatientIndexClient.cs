using Akka.Actor;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Patients;

/// <summary>
/// Asks the identifier and patient entities through their shard regions. Every command is idempotent (ADR 0016), so
/// an attempt that times out (a shard handing off, a node restarting) is simply sent again until the deadline.
/// </summary>
internal sealed class PatientIndexClient(IActorRef identifiers, IActorRef patients, SiteMap sites, PatientHomes homes)
{
    private const int MaxMergeHops = 16;

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public SiteMap Sites => sites;

    public PatientHomes Homes => homes;

    public Task<IdentifierReply> AskAsync(PatientIdentifier identifier, IIdentifierCommand command, CancellationToken ct) =>
        AskWithRetryAsync<IdentifierReply>(
            identifiers, new IdentifierEnvelope(IdentifierHome.SiteFor(identifier, sites), identifier.Key, command), ct);

    public Task<PatientReply> AskAsync(string homeSite, MasterPatientId id, IPatientCommand command, CancellationToken ct) =>
        AskWithRetryAsync<PatientReply>(patients, new PatientEnvelope(homeSite, id.Value, command), ct);

    public Task<PatientReply> AskAsync(PatientRecord record, IPatientCommand command, CancellationToken ct) =>
        AskAsync(record.HomeSite, record.MasterId, command, ct);

    /// <summary>The record as stored (tombstone or not), or null when the directory knows no such person.</summary>
    public async Task<PatientRecord?> ReadAsync(MasterPatientId id, CancellationToken ct)
    {
        var home = await homes.HomeSiteOfAsync(id, ct);
        if (home is null)
            return null;
        var record = (await AskAsync(home, id, new ReadPatient(), ct)).Record;
        return record.IsRegistered ? record : null;
    }

    /// <summary>Follows tombstones from <paramref name="record"/> to the record that absorbed it.</summary>
    public async Task<PatientRecord> FollowAsync(PatientRecord record, CancellationToken ct)
    {
        for (var hop = 0; record.MergedInto is { } survivor; hop++)
        {
            if (hop == MaxMergeHops)
                throw new PatientIndexException(PatientIndexError.Refused, $"Merge chain from {record.MasterId} is too long.");
            record = await ReadAsync(survivor, ct)
                ?? throw new PatientIndexException(PatientIndexError.UnknownPatient, $"Survivor {survivor} is not in the directory.");
        }
        return record;
    }

    /// <summary>The live record an identifier names, after tombstones; null if the identifier was never assigned.</summary>
    public async Task<(IdentifierReply Assignment, PatientRecord Record)?> ReadAsync(PatientIdentifier identifier, CancellationToken ct)
    {
        var assignment = await AskAsync(identifier, new ReadIdentifier(), ct);
        if (assignment is not { Master: { } master, HomeSite: { } home })
            return null;
        var record = (await AskAsync(home, master, new ReadPatient(), ct)).Record;
        if (!record.IsRegistered)
        {
            // Assigned but never registered: the resolving node stopped between the two steps. Finish its work;
            // registering with the assignment's own identifier and site is what it would have done.
            await homes.RecordAsync(master, home, ct);
            record = (await AskAsync(home, master, new RegisterPatient(identifier, home), ct)).Record;
        }
        return (assignment, await FollowAsync(record, ct));
    }

    private async Task<T> AskWithRetryAsync<T>(IActorRef region, object message, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(OperationTimeout);
        while (true)
        {
            try
            {
                return await region.Ask<T>(message, AttemptTimeout, deadline.Token);
            }
            catch (AskTimeoutException) when (!deadline.IsCancellationRequested)
            {
                // The shard may be starting or handing off; the command is idempotent, so send it again.
            }
            catch (Exception e) when (e is AskTimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                throw new PatientIndexException(PatientIndexError.Unavailable,
                    $"No answer to {message.GetType().Name} within {OperationTimeout.TotalSeconds:0} s.");
            }
        }
    }
}
