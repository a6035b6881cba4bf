using System.Collections.Immutable;

namespace Peake.Cluster.Patients;

// Commands and events of one identifier's actor (entity id = PatientIdentifier.Key). It is the single writer of
// "which person does (issuer, MRN) name", so two sites that see a new identifier at once get one answer.

internal interface IIdentifierCommand;

internal interface IIdentifierEvent;

/// <summary>
/// Which person does this identifier name? On first sight the answer is <paramref name="Candidate"/>, a fresh id the
/// caller minted (so Process stays pure); afterwards it is whatever was assigned, and the candidate is dropped.
/// </summary>
internal sealed record ResolveIdentifier(MasterPatientId Candidate) : IIdentifierCommand;

/// <summary>
/// Link, unlink and merge move the identifier to another person. <paramref name="Expected"/> (when set) is the
/// person the caller believes it names now: a compare-and-set, so two concurrent moves cannot both win.
/// </summary>
internal sealed record ReassignIdentifier(MasterPatientId To, MasterPatientId? Expected) : IIdentifierCommand;

internal sealed record IdentifierAssigned(MasterPatientId Master, MasterPatientId? Previous) : IIdentifierEvent;

internal enum IdentifierRefusal
{
    None,
    /// <summary>The identifier names someone other than the caller expected: re-read and decide again.</summary>
    Conflict,
}

/// <param name="Master">The person the identifier names after the command (null only if never assigned).</param>
/// <param name="Created">True when this command made the first assignment: the caller registers the new person.</param>
internal sealed record IdentifierDecision(
    IdentifierRefusal Refusal,
    MasterPatientId? Master,
    bool Created,
    ImmutableArray<IIdentifierEvent> Events)
{
    public bool Accepted => Refusal == IdentifierRefusal.None;
}
