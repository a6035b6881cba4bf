using System.Runtime.Serialization;
using MessagePack;
using Peake.Cluster.Patients;
using Peake.Cluster.Serialization;

namespace Peake.Cluster.Tests.Patients;

/// <summary>The MPI's commands travel inside envelopes as MessagePack unions; stored values are validated when read.</summary>
public sealed class PatientWireTests
{
    // The serializer keeps the system only for Akka's own bookkeeping; encoding and decoding never touch it.
    private static readonly PeakeSerializer Serializer = new(null!);

    private static T RoundTrip<T>(T message)
        where T : IPeakeMessage =>
        (T)Serializer.FromBinary(Serializer.ToBinary(message), Serializer.Manifest(message));

    public static TheoryData<int> IdentifierCommandIndexes() => new(Enumerable.Range(0, PatientWireSamples.IdentifierCommands.Count));

    public static TheoryData<int> PatientCommandIndexes() => new(Enumerable.Range(0, PatientWireSamples.PatientCommands.Count));

    [Theory]
    [MemberData(nameof(IdentifierCommandIndexes))]
    public void Given_an_identifier_command_in_its_envelope_When_it_round_trips_Then_the_same_command_arrives(int index)
    {
        var envelope = new IdentifierEnvelope("east", PatientWireSamples.Mary.Key, PatientWireSamples.IdentifierCommands[index]);

        Assert.Equal(envelope, RoundTrip(envelope));
    }

    [Theory]
    [MemberData(nameof(PatientCommandIndexes))]
    public void Given_a_patient_command_in_its_envelope_When_it_round_trips_Then_the_same_command_arrives(int index)
    {
        var envelope = new PatientEnvelope("east", PatientWireSamples.A.Value, PatientWireSamples.PatientCommands[index]);

        Assert.Equal(envelope, RoundTrip(envelope));
    }

    [Theory]
    [InlineData("no separator")]
    [InlineData("ST MARY\\12\\3")]
    [InlineData("\\123")]
    public void Given_a_stored_identifier_that_breaks_the_LO_rules_When_decoded_Then_it_is_refused(string key)
    {
        var forged = MessagePackSerializer.Serialize(new[] { key });

        Assert.Throws<SerializationException>(() => Serializer.FromBinary(forged, "mpi-plink1"));
    }

    [Theory]
    [InlineData("AAAAAAAA00000000000000000000000A")]
    [InlineData("1234")]
    public void Given_a_stored_master_id_that_is_not_canonical_When_decoded_Then_it_is_refused(string id)
    {
        var forged = MessagePackSerializer.Serialize(new[] { id });

        Assert.Throws<SerializationException>(() => Serializer.FromBinary(forged, "mpi-pmerge1"));
    }
}
