namespace Peake.Cluster.Patients;

/// <summary>
/// Merge as ADR 0016 orders it: (1) the survivor absorbs the merged record's identifiers and demographics, (2) the
/// merged record becomes a tombstone, (3) each identifier is moved (compare-and-set against the merged id). After (1)
/// no identifier can be lost: look-ups through the tombstone reach the survivor. Repeating a finished or half-finished
/// merge completes it.
/// </summary>
internal sealed class PatientMerging(PatientIndexClient client)
{
    public async Task<PatientRecord> MergeAsync(MasterPatientId survivorId, MasterPatientId mergedId, CancellationToken ct)
    {
        if (survivorId == mergedId)
            throw new PatientIndexException(PatientIndexError.Refused, "A record cannot be merged into itself.");
        var survivor = await Require(survivorId, ct);
        if (survivor.MergedInto is not null)
        {
            throw new PatientIndexException(PatientIndexError.Refused,
                $"{survivorId} was merged into {survivor.MergedInto}; merge into that record instead.");
        }
        var merged = await Require(mergedId, ct);
        if (merged.MergedInto is { } other && other != survivorId)
            throw new PatientIndexException(PatientIndexError.Refused, $"{mergedId} was already merged into {other}.");

        if (merged.MergedInto is null)
        {
            var absorbed = await client.AskAsync(survivor, new AbsorbPatient(mergedId, merged.Identifiers, merged.Demographics), ct);
            Check(absorbed.Refusal, survivorId);
            var tombstone = await client.AskAsync(merged, new MergeInto(survivorId), ct);
            Check(tombstone.Refusal, mergedId);
            survivor = absorbed.Record;
        }
        // Step 3, also the repair of a merge that stopped after step 2: the tombstone no longer lists its identifiers,
        // but the survivor does, and only those still assigned to the merged id move (compare-and-set).
        foreach (var identifier in survivor.Identifiers)
            await client.AskAsync(identifier, new ReassignIdentifier(survivorId, survivor.HomeSite, mergedId), ct);
        return (await client.AskAsync(survivor, new ReadPatient(), ct)).Record;
    }

    private async Task<PatientRecord> Require(MasterPatientId id, CancellationToken ct) =>
        await client.ReadAsync(id, ct) ?? throw new PatientIndexException(PatientIndexError.UnknownPatient, $"No patient {id}.");

    private static void Check(PatientRefusal refusal, MasterPatientId id)
    {
        if (refusal != PatientRefusal.None)
            throw new PatientIndexException(PatientIndexError.Refused, $"{id} refused the merge ({refusal}).");
    }
}
