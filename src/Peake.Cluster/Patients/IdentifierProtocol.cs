using System.Collections.Immutable;
using MessagePack;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sharding;

namespace Peake.Cluster.Patients;

// Commands and events of one identifier's actor (entity id = PatientIdentifier.Key). It is the single writer of
// "which person does (issuer, MRN) name, and at which site does that person live", so two sites that see a new
// identifier at once get one answer, and a look-up by identifier needs no directory. Commands travel inside an
// IdentifierEnvelope (a MessagePack union: the numbers below are on the wire, add, never renumber); events are
// persisted one by one under their own manifests (ADR 0017, 0018).

[Union(0, typeof(ResolveIdentifier))]
[Union(1, typeof(ReassignIdentifier))]
[Union(2, typeof(ReadIdentifier))]
public interface IIdentifierCommand;

public interface IIdentifierEvent : IPeakeMessage;

/// <summary>
/// Which person does this identifier name? On first sight the answer is <paramref name="Candidate"/>, a fresh id the
/// caller minted (so Process stays pure), living at <paramref name="HomeSite"/> (the site that saw it first);
/// afterwards it is whatever was assigned, and the candidate is dropped.
/// </summary>
[MessagePackObject]
public sealed record ResolveIdentifier(
    [property: Key(0)] MasterPatientId Candidate,
    [property: Key(1)] string HomeSite) : IIdentifierCommand;

/// <summary>
/// Link, unlink and merge move the identifier to another person (living at <paramref name="HomeSite"/>).
/// <paramref name="Expected"/> (when set) is the person the caller believes it names now: a compare-and-set, so two
/// concurrent moves cannot both win.
/// </summary>
[MessagePackObject]
public sealed record ReassignIdentifier(
    [property: Key(0)] MasterPatientId To,
    [property: Key(1)] string HomeSite,
    [property: Key(2)] MasterPatientId? Expected) : IIdentifierCommand;

/// <summary>A look-up: the current assignment, never a new one.</summary>
[MessagePackObject]
public sealed record ReadIdentifier : IIdentifierCommand;

[MessagePackObject, PeakeManifest("mpi-ia1")]
public sealed record IdentifierAssigned(
    [property: Key(0)] MasterPatientId Master,
    [property: Key(1)] MasterPatientId? Previous,
    [property: Key(2)] string HomeSite) : IIdentifierEvent;

public enum IdentifierRefusal
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

/// <summary>
/// A command on its way to the identifier's entity through sharding: the home site comes from
/// <see cref="IdentifierHome"/>, the entity id is the identifier's key.
/// </summary>
[MessagePackObject, PeakeManifest("mpi-ie1")]
public sealed record IdentifierEnvelope(
    [property: Key(0)] string HomeSite,
    [property: Key(1)] string EntityId,
    [property: Key(2)] IIdentifierCommand Command) : ISiteAffineMessage;

/// <summary>The identifier's answer: the person it names now (null if never assigned) and where that person lives.</summary>
[MessagePackObject, PeakeManifest("mpi-ir1")]
public sealed record IdentifierReply(
    [property: Key(0)] IdentifierRefusal Refusal,
    [property: Key(1)] MasterPatientId? Master,
    [property: Key(2)] string? HomeSite,
    [property: Key(3)] bool Created) : IPeakeMessage;
