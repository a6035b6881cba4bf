using System.Collections.Immutable;

namespace Peake.Cluster.Patients;

// Commands and events of one person's record (PatientActor, id = master patient id). The actor is the single writer;
// every rule lives in PatientState.Process/Apply. Merge is two commands because it touches two entities: the survivor
// absorbs first, then the merged record becomes a tombstone (docs/decisions/0016).

internal interface IPatientCommand;

internal interface IPatientEvent;

/// <summary>First sight: the identifier actor assigned this id, the new person lives at <paramref name="HomeSite"/>.</summary>
internal sealed record RegisterPatient(PatientIdentifier Identifier, string HomeSite) : IPatientCommand;

/// <summary>PIX link: <paramref name="Identifier"/> names this person too.</summary>
internal sealed record LinkIdentifier(PatientIdentifier Identifier) : IPatientCommand;

/// <summary>PIX unlink: <paramref name="Identifier"/> was wrongly linked; it no longer names this person.</summary>
internal sealed record UnlinkIdentifier(PatientIdentifier Identifier) : IPatientCommand;

/// <summary>What a linked identifier's hospital says about the person; null fields say nothing.</summary>
internal sealed record UpdateDemographics(PatientIdentifier Source, string? Name, DateOnly? BirthDate, PatientSex? Sex)
    : IPatientCommand;

internal sealed record ChangeHomeSite(string Site) : IPatientCommand;

/// <summary>Merge, step 1, sent to the survivor: take over the merged record's identifiers and fill gaps in demographics.</summary>
internal sealed record AbsorbPatient(
    MasterPatientId From,
    ImmutableArray<PatientIdentifier> Identifiers,
    PatientDemographics Demographics) : IPatientCommand;

/// <summary>Merge, step 2, sent to the merged record: become a tombstone forwarding to <paramref name="Survivor"/>.</summary>
internal sealed record MergeInto(MasterPatientId Survivor) : IPatientCommand;

internal sealed record PatientRegistered(PatientIdentifier Identifier, string HomeSite) : IPatientEvent;

internal sealed record IdentifierLinked(PatientIdentifier Identifier) : IPatientEvent;

internal sealed record IdentifierUnlinked(PatientIdentifier Identifier) : IPatientEvent;

/// <summary>Only the fields that changed are set.</summary>
internal sealed record DemographicsUpdated(PatientIdentifier Source, string? Name, DateOnly? BirthDate, PatientSex? Sex)
    : IPatientEvent;

internal sealed record HomeSiteChanged(string From, string To) : IPatientEvent;

internal sealed record PatientAbsorbed(
    MasterPatientId From,
    ImmutableArray<PatientIdentifier> Identifiers,
    PatientDemographics Demographics) : IPatientEvent;

internal sealed record PatientMerged(MasterPatientId Survivor) : IPatientEvent;

/// <summary>Why a command changed nothing and was refused (a command that was already done is accepted with no events).</summary>
internal enum PatientRefusal
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
