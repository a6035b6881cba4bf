namespace Peake.Cluster.Patients;

/// <summary>
/// PIX link and unlink. The identifier entity is moved first, by compare-and-set against the person it named when we
/// read it, so of two concurrent moves one wins and the other re-reads and decides again; then the persons' records
/// follow. A link that lost the identifier to a later move takes it off its target again, so no two records list it.
/// </summary>
internal sealed class PatientLinking(PatientIndexClient client, MasterPersonIndex index)
{
    public async Task<PatientRecord> LinkAsync(PatientIdentifier identifier, MasterPatientId targetId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MasterPersonIndex.ConflictRetries; attempt++)
        {
            var target = await index.LocateAsync(targetId, ct)
                ?? throw new PatientIndexException(PatientIndexError.UnknownPatient, $"No patient {targetId}.");
            var found = await client.ReadAsync(identifier, ct);
            if (found is null)
            {
                // Never seen: it names the target from its first sight on, as if the target's hospital had sent it.
                var first = await client.AskAsync(identifier, new ResolveIdentifier(target.MasterId, target.HomeSite), ct);
                if (first.Master == target.MasterId)
                    return await AddToTargetAsync(identifier, target, ct) ?? target;
                continue;
            }
            var (assignment, current) = found.Value;
            if (current.MasterId == target.MasterId && assignment.Master == target.MasterId)
                return await AddToTargetAsync(identifier, target, ct) ?? target;
            // The identifier is its person's only one: moving it would leave a record nobody can find (ADR 0016).
            if (current.MasterId != target.MasterId && current.Identifiers is [var only] && only == identifier)
                return await index.MergeAsync(target.MasterId, current.MasterId, ct);
            var moved = await client.AskAsync(identifier,
                new ReassignIdentifier(target.MasterId, target.HomeSite, assignment.Master), ct);
            if (moved.Refusal == IdentifierRefusal.Conflict)
                continue;
            var linked = await AddToTargetAsync(identifier, target, ct);
            if (current.MasterId != target.MasterId)
                await RemoveFromAsync(identifier, current, target, ct);
            return linked ?? target;
        }
        throw new PatientIndexException(PatientIndexError.Conflict, $"{identifier} kept moving; link it again.");
    }

    public async Task<PatientRecord> UnlinkAsync(PatientIdentifier identifier, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MasterPersonIndex.ConflictRetries; attempt++)
        {
            var (assignment, current) = await client.ReadAsync(identifier, ct)
                ?? throw new PatientIndexException(PatientIndexError.UnknownIdentifier, $"{identifier} was never resolved.");
            if (!current.Identifiers.Contains(identifier))
                continue; // a link or merge is moving it right now
            if (current.Identifiers.Length == 1)
            {
                throw new PatientIndexException(PatientIndexError.LastIdentifier,
                    $"{identifier} is the only identifier of {current.MasterId}; merge the record instead.");
            }
            // The new person lives where the identifier's hospital is; an issuer of no hospital stays at the old home.
            var home = client.Sites.SiteOfAeTitle(identifier.Issuer)?.Name ?? current.HomeSite;
            var fresh = MasterPatientId.NewId();
            var moved = await client.AskAsync(identifier, new ReassignIdentifier(fresh, home, assignment.Master), ct);
            if (moved.Refusal == IdentifierRefusal.Conflict)
                continue;
            await client.Homes.RecordAsync(fresh, home, ct);
            var registered = await client.AskAsync(home, fresh, new RegisterPatient(identifier, home), ct);
            await client.AskAsync(current, new UnlinkIdentifier(identifier), ct);
            return registered.Record;
        }
        throw new PatientIndexException(PatientIndexError.Conflict, $"{identifier} kept moving; unlink it again.");
    }

    /// <summary>Adds the identifier to the target's record, unless a later move took it elsewhere meanwhile.</summary>
    private async Task<PatientRecord?> AddToTargetAsync(PatientIdentifier identifier, PatientRecord target, CancellationToken ct)
    {
        var linked = await client.AskAsync(target, new LinkIdentifier(identifier), ct);
        var now = await client.AskAsync(identifier, new ReadIdentifier(), ct);
        if (now.Master == target.MasterId)
            return linked.Record;
        await client.AskAsync(target, new UnlinkIdentifier(identifier), ct);
        return null;
    }

    private async Task RemoveFromAsync(PatientIdentifier identifier, PatientRecord old, PatientRecord target, CancellationToken ct)
    {
        var unlinked = await client.AskAsync(old, new UnlinkIdentifier(identifier), ct);
        // It was the old record's last identifier after all (a concurrent unlink took the other): merge it away.
        if (unlinked.Refusal == PatientRefusal.LastIdentifier)
            await index.MergeAsync(target.MasterId, old.MasterId, ct);
    }
}
