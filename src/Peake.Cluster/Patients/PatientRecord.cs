using System.Collections.Immutable;
using MessagePack;

namespace Peake.Cluster.Patients;

/// <summary>
/// What the index says about one person: the view look-ups return and the HTTP routes render. A record that was
/// never registered has <see cref="IsRegistered"/> false; a merged one is a tombstone with <see cref="MergedInto"/> set.
/// </summary>
[MessagePackObject]
public sealed record PatientRecord(
    [property: Key(0)] MasterPatientId MasterId,
    [property: Key(1)] bool IsRegistered,
    [property: Key(2)] string HomeSite,
    [property: Key(3)] ImmutableArray<PatientIdentifier> Identifiers,
    [property: Key(4)] PatientDemographics Demographics,
    [property: Key(5)] MasterPatientId? MergedInto)
{
    internal static PatientRecord Of(PatientState state) =>
        new(state.Id, state.IsRegistered, state.HomeSite, state.Identifiers, state.Demographics, state.MergedInto);

    public bool Equals(PatientRecord? other) => other is not null && MasterId == other.MasterId
        && IsRegistered == other.IsRegistered && HomeSite == other.HomeSite
        && Identifiers.SequenceEqual(other.Identifiers) && Demographics == other.Demographics
        && MergedInto == other.MergedInto;

    public override int GetHashCode() => HashCode.Combine(MasterId, HomeSite, Identifiers.Length, MergedInto);
}
