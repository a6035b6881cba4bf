using System.Collections.Immutable;
using MessagePack;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sharding;

namespace Peake.Cluster.Patients;

// Commands and events of one person's record (PatientActor, id = master patient id). The actor is the single writer;
// every rule lives in PatientState.Process/Apply. Merge is two commands because it touches two entities: the survivor
// absorbs first, then the merged record becomes a tombstone (docs/decisions/0016). Commands travel inside a
// PatientEnvelope (MessagePack union: add numbers, never renumber); events are persisted under their own manifests.

[Union(0, typeof(RegisterPatient))]
[Union(1, typeof(LinkIdentifier))]
[Union(2, typeof(UnlinkIdentifier))]
[Union(3, typeof(UpdateDemographics))]
[Union(4, typeof(ChangeHomeSite))]
[Union(5, typeof(AbsorbPatient))]
[Union(6, typeof(MergeInto))]
[Union(7, typeof(ReadPatient))]
public interface IPatientCommand;

public interface IPatientEvent : IPeakeMessage;

/// <summary>First sight: the identifier actor assigned this id, the new person lives at <paramref name="HomeSite"/>.</summary>
[MessagePackObject]
public sealed record RegisterPatient([property: Key(0)] PatientIdentifier Identifier, [property: Key(1)] string HomeSite)
    : IPatientCommand;

/// <summary>PIX link: <paramref name="Identifier"/> names this person too.</summary>
[MessagePackObject]
public sealed record LinkIdentifier([property: Key(0)] PatientIdentifier Identifier) : IPatientCommand;

/// <summary>PIX unlink: <paramref name="Identifier"/> was wrongly linked; it no longer names this person.</summary>
[MessagePackObject]
public sealed record UnlinkIdentifier([property: Key(0)] PatientIdentifier Identifier) : IPatientCommand;

/// <summary>What a linked identifier's hospital says about the person; null fields say nothing.</summary>
[MessagePackObject]
public sealed record UpdateDemographics(
    [property: Key(0)] PatientIdentifier Source,
    [property: Key(1)] string? Name,
    [property: Key(2)] DateOnly? BirthDate,
    [property: Key(3)] PatientSex? Sex) : IPatientCommand;

[MessagePackObject]
public sealed record ChangeHomeSite([property: Key(0)] string Site) : IPatientCommand;

/// <summary>Merge, step 1, sent to the survivor: take over the merged record's identifiers and fill gaps in demographics.</summary>
[MessagePackObject]
public sealed record AbsorbPatient(
    [property: Key(0)] MasterPatientId From,
    [property: Key(1)] ImmutableArray<PatientIdentifier> Identifiers,
    [property: Key(2)] PatientDemographics Demographics) : IPatientCommand
{
    // Value equality over the identifiers (ImmutableArray compares references), so a decoded copy equals the original.
    public bool Equals(AbsorbPatient? other) => other is not null && From == other.From
        && Identifiers.SequenceEqual(other.Identifiers) && Demographics == other.Demographics;

    public override int GetHashCode() => HashCode.Combine(From, Identifiers.Length, Demographics);
}

/// <summary>Merge, step 2, sent to the merged record: become a tombstone forwarding to <paramref name="Survivor"/>.</summary>
[MessagePackObject]
public sealed record MergeInto([property: Key(0)] MasterPatientId Survivor) : IPatientCommand;

/// <summary>A look-up: the record as it is, tombstone or not; never changes anything.</summary>
[MessagePackObject]
public sealed record ReadPatient : IPatientCommand;

[MessagePackObject, PeakeManifest("mpi-preg1")]
public sealed record PatientRegistered([property: Key(0)] PatientIdentifier Identifier, [property: Key(1)] string HomeSite)
    : IPatientEvent;

[MessagePackObject, PeakeManifest("mpi-plink1")]
public sealed record IdentifierLinked([property: Key(0)] PatientIdentifier Identifier) : IPatientEvent;

[MessagePackObject, PeakeManifest("mpi-punlink1")]
public sealed record IdentifierUnlinked([property: Key(0)] PatientIdentifier Identifier) : IPatientEvent;

/// <summary>Only the fields that changed are set.</summary>
[MessagePackObject, PeakeManifest("mpi-pdemo1")]
public sealed record DemographicsUpdated(
    [property: Key(0)] PatientIdentifier Source,
    [property: Key(1)] string? Name,
    [property: Key(2)] DateOnly? BirthDate,
    [property: Key(3)] PatientSex? Sex) : IPatientEvent;

[MessagePackObject, PeakeManifest("mpi-phome1")]
public sealed record HomeSiteChanged([property: Key(0)] string From, [property: Key(1)] string To) : IPatientEvent;

[MessagePackObject, PeakeManifest("mpi-pabsorb1")]
public sealed record PatientAbsorbed(
    [property: Key(0)] MasterPatientId From,
    [property: Key(1)] ImmutableArray<PatientIdentifier> Identifiers,
    [property: Key(2)] PatientDemographics Demographics) : IPatientEvent
{
    public bool Equals(PatientAbsorbed? other) => other is not null && From == other.From
        && Identifiers.SequenceEqual(other.Identifiers) && Demographics == other.Demographics;

    public override int GetHashCode() => HashCode.Combine(From, Identifiers.Length, Demographics);
}

[MessagePackObject, PeakeManifest("mpi-pmerge1")]
public sealed record PatientMerged([property: Key(0)] MasterPatientId Survivor) : IPatientEvent;

/// <summary>Why a command changed nothing and was refused (a command that was already done is accepted with no events).</summary>
public enum PatientRefusal
{
    None,
    InvalidCommand,
    NotRegistered,
    AlreadyRegistered,
    /// <summary>The record is a tombstone: the caller follows <see cref="PatientState.MergedInto"/>.</summary>
    Merged,
    MergeIntoSelf,
    LastIdentifier,
    UnknownSource,
}

internal sealed record PatientDecision(PatientRefusal Refusal, ImmutableArray<IPatientEvent> Events)
{
    public static readonly PatientDecision Unchanged = new(PatientRefusal.None, []);

    public bool Accepted => Refusal == PatientRefusal.None;

    public static PatientDecision Refused(PatientRefusal refusal) => new(refusal, []);

    public static PatientDecision Emit(IPatientEvent e) => new(PatientRefusal.None, [e]);
}

/// <summary>A command on its way to the person's entity; the home site comes from the location directory.</summary>
[MessagePackObject, PeakeManifest("mpi-pe1")]
public sealed record PatientEnvelope(
    [property: Key(0)] string HomeSite,
    [property: Key(1)] string EntityId,
    [property: Key(2)] IPatientCommand Command) : ISiteAffineMessage;

/// <summary>The person's answer to any command: the refusal (None when accepted) and the record after it.</summary>
[MessagePackObject, PeakeManifest("mpi-pr1")]
public sealed record PatientReply([property: Key(0)] PatientRefusal Refusal, [property: Key(1)] PatientRecord Record)
    : IPeakeMessage;
