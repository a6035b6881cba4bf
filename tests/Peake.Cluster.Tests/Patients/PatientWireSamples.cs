using System.Collections.Immutable;
using Peake.Cluster.Patients;
using Peake.Cluster.Serialization;

namespace Peake.Cluster.Tests.Patients;

/// <summary>One sample of every master person index message type, with every optional field set.</summary>
internal static class PatientWireSamples
{
    public static readonly PatientIdentifier Mary = PatientIdentifier.Create("ST MARY", "123");
    public static readonly PatientIdentifier North = PatientIdentifier.Create("NORTH", "A-77");
    public static readonly MasterPatientId A = MasterPatientId.From(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"));
    public static readonly MasterPatientId B = MasterPatientId.From(Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002"));

    public static readonly PatientDemographics Demographics = new(
        new Attested<string>("Doe^Jane", Mary),
        new Attested<DateOnly>(new DateOnly(1970, 5, 17), North),
        new Attested<PatientSex>(PatientSex.Female, Mary));

    public static readonly PatientRecord Record = new(A, true, "east", [Mary, North], Demographics, B);

    public static readonly IReadOnlyList<IPeakeMessage> All =
    [
        new IdentifierEnvelope("east", Mary.Key, new ResolveIdentifier(A, "east")),
        new IdentifierReply(IdentifierRefusal.Conflict, A, "east", true),
        new IdentifierAssigned(B, A, "west"),
        new PatientEnvelope("east", A.Value, new AbsorbPatient(B, [Mary, North], Demographics)),
        new PatientReply(PatientRefusal.LastIdentifier, Record),
        new PatientRegistered(Mary, "east"),
        new IdentifierLinked(North),
        new IdentifierUnlinked(North),
        new DemographicsUpdated(Mary, "Doe^Jane", new DateOnly(1970, 5, 17), PatientSex.Other),
        new HomeSiteChanged("east", "west"),
        new PatientAbsorbed(B, ImmutableArray.Create(Mary, North), Demographics),
        new PatientMerged(B),
    ];

    public static readonly IReadOnlyList<IIdentifierCommand> IdentifierCommands =
    [
        new ResolveIdentifier(A, "east"),
        new ReassignIdentifier(B, "west", A),
        new ReassignIdentifier(B, "west", null),
        new ReadIdentifier(),
    ];

    public static readonly IReadOnlyList<IPatientCommand> PatientCommands =
    [
        new RegisterPatient(Mary, "east"),
        new LinkIdentifier(North),
        new UnlinkIdentifier(North),
        new UpdateDemographics(Mary, "Doe^Jane", new DateOnly(1970, 5, 17), PatientSex.Male),
        new UpdateDemographics(Mary, null, null, null),
        new ChangeHomeSite("west"),
        new AbsorbPatient(B, [Mary], PatientDemographics.Empty),
        new MergeInto(B),
        new ReadPatient(),
    ];
}
