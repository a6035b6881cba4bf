using Akka.Actor;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Patients;

/// <summary>
/// The master person index as the rest of the archive sees it: resolve an (issuer, MRN) to a master id, look records
/// up, and the PIX operations link, unlink and merge, each a short sequence of idempotent entity commands in the order
/// ADR 0016 gives (so a retry after a crash or a timeout finishes the work instead of doubling it).
/// </summary>
public sealed class MasterPersonIndex
{
    private const int MaxConflictRetries = 8;

    private readonly PatientIndexClient _client;

    public MasterPersonIndex(IActorRef identifierRegion, IActorRef patientRegion, SiteMap sites, PatientHomes homes)
        : this(new PatientIndexClient(identifierRegion, patientRegion, sites, homes))
    {
    }

    internal MasterPersonIndex(PatientIndexClient client) => _client = client;

    /// <summary>
    /// The master id of <paramref name="identifier"/>, created on first sight at <paramref name="arrivingSite"/>. Two
    /// sites resolving a new identifier at once reach the one identifier entity; the first candidate it processes
    /// wins and only its minter registers the person.
    /// </summary>
    public async Task<MasterPatientId> ResolveAsync(PatientIdentifier identifier, string arrivingSite,
        ReportedDemographics? demographics, CancellationToken cancellationToken)
    {
        if (!_client.Sites.TryGet(arrivingSite, out _))
            throw new PatientIndexException(PatientIndexError.Refused, $"'{arrivingSite}' is not a site of this cluster.");
        var candidate = MasterPatientId.NewId();
        var reply = await _client.AskAsync(identifier, new ResolveIdentifier(candidate, arrivingSite), cancellationToken);
        var (master, home) = (reply.Master!, reply.HomeSite!);
        // A retry after a lost reply sees Created = false for its own candidate: still ours to register.
        if (reply.Created || master == candidate)
        {
            // Directory first: once the person exists, it can be found by master id.
            await _client.Homes.RecordAsync(master, home, cancellationToken);
        }
        // Every resolver registers, not only the minter: if the minter crashed between the assignment and the
        // registration, the id would otherwise name nobody for ever. Registering is idempotent (Unchanged once done);
        // a refusal means the record exists already (a link or merge in progress, a tombstone) and is fine here.
        await _client.AskAsync(home, master, new RegisterPatient(identifier, home), cancellationToken);
        if (demographics is { IsEmpty: false })
        {
            // Straight to the record the answer named; only if it refuses (the identifier is moving) re-read and retry.
            var update = await _client.AskAsync(home, master, Update(identifier, demographics), cancellationToken);
            if (update.Refusal != PatientRefusal.None)
                await ReportAsync(identifier, demographics, cancellationToken);
        }
        return master;
    }

    /// <summary>The live record of a master id (following merges when <paramref name="followMerges"/>), or null.</summary>
    public async Task<PatientRecord?> LocateAsync(MasterPatientId id, CancellationToken cancellationToken, bool followMerges = true)
    {
        var record = await _client.ReadAsync(id, cancellationToken);
        return record is null || !followMerges ? record : await _client.FollowAsync(record, cancellationToken);
    }

    /// <summary>The live record an identifier names, or null if it was never seen. Needs no directory look-up.</summary>
    public async Task<PatientRecord?> LocateAsync(PatientIdentifier identifier, CancellationToken cancellationToken) =>
        (await _client.ReadAsync(identifier, cancellationToken))?.Record;

    /// <summary>Records what a data set of <paramref name="identifier"/> says about its person (latest wins per field).</summary>
    public async Task ReportAsync(PatientIdentifier identifier, ReportedDemographics demographics, CancellationToken cancellationToken)
    {
        var update = Update(identifier, demographics);
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var found = await _client.ReadAsync(identifier, cancellationToken)
                ?? throw new PatientIndexException(PatientIndexError.UnknownIdentifier, $"{identifier} was never resolved.");
            var reply = await _client.AskAsync(found.Record, update, cancellationToken);
            switch (reply.Refusal)
            {
                case PatientRefusal.None:
                    return;
                case PatientRefusal.InvalidCommand:
                    throw new PatientIndexException(PatientIndexError.Refused, "The name is not one PN value (PS3.5 6.2).");
                default:
                    // The identifier is moving (link, unlink, merge in flight): read where it is now.
                    continue;
            }
        }
        throw new PatientIndexException(PatientIndexError.Conflict, $"{identifier} kept moving while reporting demographics.");
    }

    /// <summary>PIX link: <paramref name="identifier"/> names the person <paramref name="target"/> (after merges).</summary>
    public Task<PatientRecord> LinkAsync(PatientIdentifier identifier, MasterPatientId target, CancellationToken cancellationToken) =>
        new PatientLinking(_client, this).LinkAsync(identifier, target, cancellationToken);

    /// <summary>PIX unlink: <paramref name="identifier"/> gets a person of its own; returns that new record.</summary>
    public Task<PatientRecord> UnlinkAsync(PatientIdentifier identifier, CancellationToken cancellationToken) =>
        new PatientLinking(_client, this).UnlinkAsync(identifier, cancellationToken);

    /// <summary>
    /// Merge <paramref name="merged"/> into <paramref name="survivor"/>: the survivor absorbs first, then the merged
    /// record becomes a tombstone, then its identifiers move (ADR 0016). Repeating a finished merge is harmless.
    /// </summary>
    public Task<PatientRecord> MergeAsync(MasterPatientId survivor, MasterPatientId merged, CancellationToken cancellationToken) =>
        new PatientMerging(_client).MergeAsync(survivor, merged, cancellationToken);

    /// <summary>
    /// Moves a person's home to <paramref name="site"/> (say, the patient is now treated there): the record persists
    /// the move and its old incarnation forwards from then on (ADR 0019); the identifiers' assignments are updated so
    /// look-ups by identifier go straight to the new site.
    /// </summary>
    public async Task<PatientRecord> MoveAsync(MasterPatientId id, string site, CancellationToken cancellationToken)
    {
        if (!_client.Sites.TryGet(site, out _))
            throw new PatientIndexException(PatientIndexError.Refused, $"'{site}' is not a site of this cluster.");
        var record = await LocateAsync(id, cancellationToken, followMerges: false)
            ?? throw new PatientIndexException(PatientIndexError.UnknownPatient, $"No patient {id}.");
        var moved = await _client.AskAsync(record, new ChangeHomeSite(site), cancellationToken);
        if (moved.Refusal != PatientRefusal.None)
            throw new PatientIndexException(PatientIndexError.Refused, $"{id} refused the move ({moved.Refusal}).");
        foreach (var identifier in moved.Record.Identifiers)
            await _client.AskAsync(identifier, new ReassignIdentifier(id, site, id), cancellationToken);
        return moved.Record;
    }

    internal static int ConflictRetries => MaxConflictRetries;

    private static UpdateDemographics Update(PatientIdentifier identifier, ReportedDemographics demographics) =>
        new(identifier, demographics.Name, demographics.BirthDate, demographics.Sex);
}
