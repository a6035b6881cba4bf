using Akka.Configuration;
using Akka.TestKit.Xunit2;
using MessagePack;
using Peake.Cluster.Serialization;
using Peake.Cluster.Studies;

namespace Peake.Cluster.Tests.Studies;

/// <summary>
/// ADR 0030's event change: <see cref="RecordInstance.QueryAttributes"/> (key 11) and
/// <see cref="InstanceStored.QueryAttributes"/> (key 8) are optional trailing keys. Events and commands written before
/// them decode with null under the same manifests (ADR 0017), new ones round-trip their bytes, and the study copies
/// the command's bytes into its event.
/// </summary>
public sealed class StudyQueryAttributesTests() : TestKit(ConfigurationFactory.ParseString("akka.actor.serialize-messages = on").WithFallback(PeakeSerialization.Config))
{
    private const string Study = "1.2.840.1";
    private const string Patient = "0123456789abcdef0123456789abcdef";
    private static readonly byte[] Attributes = [0x08, 0x00, 0x60, 0x00, (byte)'C', (byte)'S', 0x02, 0x00, (byte)'C', (byte)'T'];

    // The shapes as they were shipped before ADR 0030: the same keys, without the trailing one.
    [MessagePackObject]
    public sealed record InstanceStoredBefore0030(
        [property: Key(0)] string SeriesInstanceUid, [property: Key(1)] string SopInstanceUid, [property: Key(2)] string SopClassUid,
        [property: Key(3)] string TransferSyntaxUid, [property: Key(4)] string Hash, [property: Key(5)] long Size,
        [property: Key(6)] string HomeSite, [property: Key(7)] string PatientMasterId);

    [MessagePackObject]
    public sealed record RecordInstanceBefore0030(
        [property: Key(0)] string HomeSite, [property: Key(1)] string StudyInstanceUid, [property: Key(2)] string PatientMasterId,
        [property: Key(3)] string SeriesInstanceUid, [property: Key(4)] string SopInstanceUid, [property: Key(5)] string SopClassUid,
        [property: Key(6)] string TransferSyntaxUid, [property: Key(7)] string Hash, [property: Key(8)] long Size,
        [property: Key(9)] DuplicatePolicy Policy, [property: Key(10)] string[] Holders);

    private PeakeSerializer Serializer => (PeakeSerializer)Sys.Serialization.FindSerializerForType(typeof(IPeakeMessage));

    [Fact]
    public void Given_an_InstanceStored_written_before_query_attributes_When_replayed_Then_it_decodes_with_null()
    {
        var old = MessagePackSerializer.Serialize(new InstanceStoredBefore0030(
            Study + ".1", Study + ".1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1", new string('a', 64), 42, "east", Patient));

        var back = Assert.IsType<InstanceStored>(Serializer.FromBinary(old, "study-ev-stored"));

        Assert.Null(back.QueryAttributes);
        Assert.Equal((Study + ".1.1", new string('a', 64), 42L, Patient), (back.SopInstanceUid, back.Hash, back.Size, back.PatientMasterId));
    }

    [Fact]
    public void Given_a_RecordInstance_from_a_node_before_query_attributes_When_decoded_Then_it_has_null()
    {
        var old = MessagePackSerializer.Serialize(new RecordInstanceBefore0030(
            "east", Study, Patient, Study + ".1", Study + ".1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1", new string('a', 64), 42,
            DuplicatePolicy.Reject, ["akka.tcp://peake@127.0.0.1:1"]));

        var back = Assert.IsType<RecordInstance>(Serializer.FromBinary(old, "study-rec"));

        Assert.Null(back.QueryAttributes);
        Assert.Equal(["akka.tcp://peake@127.0.0.1:1"], back.Holders);
    }

    [Fact]
    public void Given_events_with_query_attributes_When_they_round_trip_Then_the_bytes_are_equal_and_compared_by_value()
    {
        var stored = new InstanceStored(Study + ".1", Study + ".1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1", new string('a', 64), 42, "east",
            Patient, Attributes);

        var back = Serializer.FromBinary(Serializer.ToBinary(stored), Serializer.Manifest(stored));

        Assert.Equal(stored, back);
        Assert.NotEqual(stored, stored with { QueryAttributes = [.. Attributes, 0x20] });
        Assert.NotEqual(stored, stored with { QueryAttributes = null });
    }

    [Fact]
    public void Given_a_record_with_query_attributes_When_the_study_stores_it_Then_its_event_carries_the_same_bytes()
    {
        var record = new RecordInstance("east", Study, Patient, Study + ".1", Study + ".1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
            new string('a', 64), 42, DuplicatePolicy.Reject, ["akka.tcp://peake@127.0.0.1:1"], Attributes);

        var decision = StudyState.Empty.Process(record);

        Assert.Equal(Attributes, Assert.IsType<InstanceStored>(decision.Events[^1]).QueryAttributes);
    }

    [Fact]
    public void Given_query_attributes_over_the_limit_When_recorded_Then_the_command_is_refused_and_nothing_is_written()
    {
        var record = new RecordInstance("east", Study, Patient, Study + ".1", Study + ".1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
            new string('a', 64), 42, DuplicatePolicy.Reject, ["akka.tcp://peake@127.0.0.1:1"], new byte[QueryAttributeLimits.MaxBytes + 1]);

        var decision = StudyState.Empty.Process(record);

        Assert.Equal(StudyRefusal.InvalidCommand, decision.Refusal);
        Assert.Empty(decision.Events);
    }
}
