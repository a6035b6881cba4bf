using MessagePack;

namespace Peake.Cluster.Patients;

/// <summary>A value with the identifier (and so the hospital) that reported it.</summary>
[MessagePackObject]
public sealed record Attested<T>([property: Key(0)] T Value, [property: Key(1)] PatientIdentifier Source)
    where T : notnull;

/// <summary>Name (a PN string), birth date and sex, each with its source; a field nobody reported is null.</summary>
[MessagePackObject]
public sealed record PatientDemographics(
    [property: Key(0)] Attested<string>? Name,
    [property: Key(1)] Attested<DateOnly>? BirthDate,
    [property: Key(2)] Attested<PatientSex>? Sex)
{
    [IgnoreMember]
    public static readonly PatientDemographics Empty = new(null, null, null);

    /// <summary>Drops what <paramref name="source"/> said: it turned out to name someone else.</summary>
    public PatientDemographics Without(PatientIdentifier source) => new(
        Name?.Source == source ? null : Name,
        BirthDate?.Source == source ? null : BirthDate,
        Sex?.Source == source ? null : Sex);

    /// <summary>Keeps every field this record has and takes the rest from <paramref name="other"/>.</summary>
    public PatientDemographics FillFrom(PatientDemographics other) =>
        new(Name ?? other.Name, BirthDate ?? other.BirthDate, Sex ?? other.Sex);
}
