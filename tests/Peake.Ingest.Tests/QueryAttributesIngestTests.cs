using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peake.Cluster.Studies;
using Peake.Dicom;
using Peake.Ingest.Tests.Harness;

namespace Peake.Ingest.Tests;

/// <summary>
/// ADR 0030 end to end: a CT sent by dcmtk storescu is catalogued with its query attributes — the stored event tagged
/// "instance" carries the header's patient, study, series and image attributes the read model is built from.
/// </summary>
[Trait("Category", "MultiNode")]
[Collection(ThreeSiteCollection.Name)]
public sealed class QueryAttributesIngestTests(ThreeSiteFixture fixture)
{
    [Fact]
    public async Task Given_a_CT_sent_by_storescu_When_stored_Then_its_InstanceStored_event_carries_the_query_attributes()
    {
        var uid = $"{TestInstances.Root}.30";
        var sent = TestInstances.Write(fixture.Files, uid + ".1", uid + ".1.1", uid + ".1.1.1", pixelBytes: 300_000, extra: ds =>
        {
            ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20240105");
            ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC-30");
        });
        var node = fixture.Cluster.Nodes[0];

        var run = await Dcmtk.StoreAsync(node, "HOSP_A", sent.Path);

        Assert.True(run.ExitCode == 0 && run.Output.Contains("(Success)", StringComparison.Ordinal), run.Output);
        var journal = PersistenceQuery.Get(node.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByTag(StudyTags.Instance, Offset.NoOffset())
            .RunWith(Sink.Seq<EventEnvelope>(), node.System.Materializer());
        var stored = Assert.Single(events.Select(e => e.Event).OfType<InstanceStored>(), e => e.SopInstanceUid == sent.SopUid);
        Assert.NotNull(stored.QueryAttributes);
        using var bytes = new MemoryStream(stored.QueryAttributes!);
        var attributes = DicomReader.ReadDataset(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(
            ("ISO_IR 100", "Doe^Jane", "MRN-1", "20240105", "ACC-30", "CT", "1"),
            (attributes.GetString(DicomTags.SpecificCharacterSet), attributes.GetString(DicomTags.PatientName), attributes.GetString(DicomTags.PatientID),
                attributes.GetString(DicomTags.StudyDate), attributes.GetString(DicomTags.AccessionNumber), attributes.GetString(DicomTags.Modality),
                attributes.GetString(DicomTags.InstanceNumber)));
        Assert.Equal(387, attributes.GetValues<ushort>(DicomTags.Rows)[0]);
        Assert.False(attributes.Contains(DicomTags.PixelData));
    }
}
