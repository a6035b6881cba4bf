using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Peake.Cluster.Location;
using Peake.Cluster.Patients;
using Peake.Cluster.Serialization;
using Peake.Cluster.Studies;
using Peake.Cluster.Tests.Patients;
using Peake.Cluster.Tests.Sharding;

namespace Peake.Cluster.Tests.Serialization;

public sealed class PeakeSerializerTests() : TestKit(SerializeEverything)
{
    private static readonly Config SerializeEverything = ConfigurationFactory
        .ParseString("akka.actor.serialize-messages = on")
        .WithFallback(PeakeSerialization.Config);

    /// <summary>One sample per registered manifest; a new message type without a sample fails the coverage test.</summary>
    private static readonly IReadOnlyList<IPeakeMessage> Samples =
    [
        new SiteAffineShardingTests.WhereAreYou("b", "PAT-1"),
        new SiteFailoverTests.WhereIs("a", "a-entity-1"),
        new SiteFailoverTests.Hosted("a", "akka.tcp://peake@127.0.0.1:4053"),
        new Forwarded("b", "1.2.3", 2, PeakeSerializer.Id, "study-get", [1, 2, 3]),
        new RecordInstance("a", "1.2.3", "0123456789abcdef0123456789abcdef", "1.2.3.1", "1.2.3.1.1", "1.2.840.10008.5.1.4.1.1.2",
            "1.2.840.10008.1.2.1", new string('e', 64), 4096, DuplicatePolicy.KeepBoth, ["akka.tcp://peake@127.0.0.1:4053", "akka.tcp://peake@127.0.0.2:4053"]),
        new GetStudy("a", "1.2.3"),
        new GetStudyInstance("a", "1.2.3", "1.2.3.1.1"),
        new StudyInstanceView("1.2.3", "1.2.3.1", new StudyInstance("1.2.3.1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1", new string('e', 64), 4096, [])),
        new RelocateStudy("a", "1.2.3", "b"),
        new StudyOpened("0123456789abcdef0123456789abcdef", "a"),
        new InstanceRecorded("1.2.3.1", "1.2.3.1.1"),
        new InstanceStored("1.2.3.1", "1.2.3.1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1", new string('e', 64), 4096, "a",
            "0123456789abcdef0123456789abcdef"),
        new StudyRelocated("a", "b"),
        new RecordAccess("a", "1.2.3", "POTOMAC_PACS", "dimse", new DateTime(2026, 11, 30, 6, 1, 2, DateTimeKind.Utc).AddTicks(3456)),
        new StudyAccessed(new DateTime(2026, 11, 30, 6, 1, 2, DateTimeKind.Utc).AddTicks(3456), "POTOMAC_PACS", "wado-rs"),
        new StudyAck("1.2.3", StudyRefusal.PatientMismatch),
        new StudyView("1.2.3", true, "0123456789abcdef0123456789abcdef", "b", [
            new StudySeries("1.2.3.1", ["1.2.3.1.1", "1.2.3.1.2"], [
                new StudyInstance("1.2.3.1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1", new string('e', 64), 4096, [new string('d', 64)]),
                new StudyInstance("1.2.3.1.2", "", "", "", 0, []),
            ]),
            new StudySeries("1.2.3.2", [], []),
        ], new StudyAccess(new DateTime(2026, 11, 30, 6, 1, 2, DateTimeKind.Utc), "POTOMAC_PACS", "dimse", 3)),
        .. PatientWireSamples.All,
    ];

    /// <summary>Pinned: these strings are on the wire and in journals. Add lines; never edit one.</summary>
    private static readonly IReadOnlyDictionary<string, Type> Pinned = new Dictionary<string, Type>
    {
        ["t-where1"] = typeof(SiteAffineShardingTests.WhereAreYou),
        ["t-where2"] = typeof(SiteFailoverTests.WhereIs),
        ["t-hosted"] = typeof(SiteFailoverTests.Hosted),
        ["loc-fwd"] = typeof(Forwarded),
        ["study-rec"] = typeof(RecordInstance),
        ["study-get"] = typeof(GetStudy),
        ["study-get-inst"] = typeof(GetStudyInstance),
        ["study-inst-view"] = typeof(StudyInstanceView),
        ["study-mov"] = typeof(RelocateStudy),
        ["study-ev-open"] = typeof(StudyOpened),
        ["study-ev-inst"] = typeof(InstanceRecorded),
        ["study-ev-stored"] = typeof(InstanceStored),
        ["study-ev-moved"] = typeof(StudyRelocated),
        ["study-ack"] = typeof(StudyAck),
        ["study-view"] = typeof(StudyView),
        ["study-acc"] = typeof(RecordAccess),
        ["study-ev-acc"] = typeof(StudyAccessed),
        ["mpi-ie1"] = typeof(IdentifierEnvelope),
        ["mpi-ir1"] = typeof(IdentifierReply),
        ["mpi-ia1"] = typeof(IdentifierAssigned),
        ["mpi-pe1"] = typeof(PatientEnvelope),
        ["mpi-pr1"] = typeof(PatientReply),
        ["mpi-preg1"] = typeof(PatientRegistered),
        ["mpi-plink1"] = typeof(IdentifierLinked),
        ["mpi-punlink1"] = typeof(IdentifierUnlinked),
        ["mpi-pdemo1"] = typeof(DemographicsUpdated),
        ["mpi-phome1"] = typeof(HomeSiteChanged),
        ["mpi-pabsorb1"] = typeof(PatientAbsorbed),
        ["mpi-pmerge1"] = typeof(PatientMerged),
    };

    private static IReadOnlyDictionary<string, Type> Registered() =>
        PeakeManifests.Scan([typeof(IPeakeMessage).Assembly, typeof(PeakeSerializerTests).Assembly]);

    private PeakeSerializer Serializer => (PeakeSerializer)Sys.Serialization.FindSerializerForType(typeof(IPeakeMessage));

    public static TheoryData<int> SampleIndexes() => new(Enumerable.Range(0, Samples.Count));

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Given_a_registered_message_When_it_round_trips_Then_it_equals_the_original(int index)
    {
        var message = Samples[index];
        var manifest = Serializer.Manifest(message);

        var back = Serializer.FromBinary(Serializer.ToBinary(message), manifest);

        Assert.Equal(message, back);
    }

    [Fact]
    public void Given_every_registered_manifest_Then_a_sample_covers_it()
    {
        Assert.Equal(Registered().Values.OrderBy(t => t.FullName), Samples.Select(s => s.GetType()).OrderBy(t => t.FullName));
    }

    [Fact]
    public void Given_the_declared_manifests_Then_they_are_exactly_the_pinned_ones()
    {
        Assert.Equal(Pinned.OrderBy(p => p.Key), Registered().OrderBy(p => p.Key));
    }

    [Fact]
    public void Given_the_production_assembly_Then_every_concrete_IPeakeMessage_declares_a_manifest()
    {
        var unnamed = typeof(IPeakeMessage).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPeakeMessage).IsAssignableFrom(t))
            .Where(t => !Registered().Values.Contains(t))
            .Select(t => t.FullName);

        Assert.Empty(unnamed);
    }

    [Fact]
    public void Given_an_IPeakeMessage_Then_the_binding_picks_the_Peake_serializer_with_its_own_id()
    {
        var serializer = Sys.Serialization.FindSerializerFor(Samples[0]);

        Assert.IsType<PeakeSerializer>(serializer);
        Assert.Equal(PeakeSerializer.Id, serializer.Identifier);
        Assert.True(serializer.Identifier > 100);
    }

    [Fact]
    public void Given_an_unknown_manifest_When_decoded_Then_it_is_refused()
    {
        Assert.Throws<SerializationException>(() => Serializer.FromBinary([0x90], "no-such-manifest"));
    }

    [Fact]
    public void Given_a_malformed_payload_When_decoded_Then_it_is_refused()
    {
        Assert.Throws<SerializationException>(() => Serializer.FromBinary([0xC1], "t-where1"));
    }

    [Fact]
    public void Given_a_message_type_without_a_manifest_When_serialized_Then_it_is_refused()
    {
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(new Unnamed()));
    }

    [Fact]
    public void Given_serialize_messages_is_on_When_a_message_is_sent_locally_Then_it_arrives_equal_after_a_round_trip()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        var message = Samples[0];

        echo.Tell(message, TestActor);

        Assert.Equal(message, ExpectMsg<SiteAffineShardingTests.WhereAreYou>());
    }

    private sealed record Unnamed : IPeakeMessage;

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }
}
