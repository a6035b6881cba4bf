using System.Security.Cryptography;
using Akka.Actor;
using Peake.Cluster.Studies;
using Peake.Dicom;
using Peake.Ingest.Associations;
using Peake.Ingest.Tests.Harness;

namespace Peake.Ingest.Tests;

/// <summary>
/// Instances posted over the web go the C-STORE way: the same blob bytes (the archive's File Meta group plus the data
/// set as sent), durable on the quorum and catalogued before "stored"; bad posts leave nothing behind.
/// </summary>
[Trait("Category", "MultiNode")]
[Collection(ThreeSiteCollection.Name)]
public sealed class WebIngestTests(ThreeSiteFixture fixture)
{
    private IngestNode NodeA => fixture.Cluster.Nodes[0];

    private static string Uid(string test, int n) => $"{TestInstances.Root}.90{test}.{n}";

    [Fact]
    public async Task Given_a_posted_Part10_file_When_stored_Then_its_blob_is_what_a_CStore_of_it_stores_and_the_study_has_it()
    {
        var sent = TestInstances.Write(fixture.Files, Uid("1", 1), Uid("1", 2), Uid("1", 3), pixelBytes: 100_000);
        await using var file = File.OpenRead(sent.Path);

        var outcome = await NodeA.Gateway.Web.StoreAsync(file, "HOSP_A", null, CancellationToken.None);

        Assert.True(outcome.Stored, outcome.Reason);
        Assert.Equal((sent.SopUid, sent.SeriesUid, sent.StudyUid), (outcome.SopInstanceUid, outcome.SeriesInstanceUid, outcome.StudyInstanceUid));
        var expected = ArchiveFileMeta.Build(TestInstances.CtImageStorage, sent.SopUid, DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .Concat(sent.DataSet()).ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(expected));
        Assert.True(fixture.Cluster.CopiesOf(hash) >= 2);
        var study = await NodeA.Studies.Ask<StudyView>(new GetStudy("a", sent.StudyUid), TimeSpan.FromSeconds(10));
        Assert.Equal(hash, Assert.Single(Assert.Single(study.Series).Instances).Hash);
        Assert.Equal(0, NodeA.TemporaryFiles);
    }

    [Fact]
    public async Task Given_a_request_of_three_parts_When_stored_Then_one_association_actor_serves_them_and_stops_when_the_request_ends()
    {
        var request = NodeA.Gateway.Web.Begin("HOSP_A");
        var actors = new List<IActorRef?>();
        for (var n = 1; n <= 3; n++)
        {
            var sent = TestInstances.Write(fixture.Files, Uid("6", 1), Uid("6", 2), $"{Uid("6", 3)}.{n}", patientId: "MRN-6", seed: n);
            await using var file = File.OpenRead(sent.Path);
            var outcome = await request.StoreAsync(file, null, CancellationToken.None);
            Assert.True(outcome.Stored, outcome.Reason);
            actors.Add(request.Association);
        }
        var actor = Assert.Single(actors.Distinct());
        Assert.NotNull(actor);

        await request.DisposeAsync();

        await Eventually.Until(async () => await IsGoneAsync(actor), TimeSpan.FromSeconds(10));
        var study = await NodeA.Studies.Ask<StudyView>(new GetStudy("a", Uid("6", 1)), TimeSpan.FromSeconds(10));
        Assert.Equal(3, study.InstanceCount);
    }

    private async Task<bool> IsGoneAsync(IActorRef actor)
    {
        try
        {
            await NodeA.System.ActorSelection(actor.Path).ResolveOne(TimeSpan.FromSeconds(1));
            return false;
        }
        catch (ActorNotFoundException)
        {
            return true;
        }
    }

    [Fact]
    public async Task Given_a_post_to_another_study_When_stored_Then_refused_and_nothing_is_kept()
    {
        var sent = TestInstances.Write(fixture.Files, Uid("2", 1), Uid("2", 2), Uid("2", 3));
        await using var file = File.OpenRead(sent.Path);

        var outcome = await NodeA.Gateway.Web.StoreAsync(file, "HOSP_A", Uid("2", 99), CancellationToken.None);

        Assert.False(outcome.Stored);
        Assert.Equal(IngestStatus.CannotUnderstand, outcome.Status);
        Assert.Contains(Uid("2", 99), outcome.Reason);
        Assert.False((await NodeA.Studies.Ask<StudyView>(new GetStudy("a", sent.StudyUid), TimeSpan.FromSeconds(10))).Exists);
        Assert.Equal(0, NodeA.TemporaryFiles);
    }

    [Theory]
    [InlineData("not dicom at all")]
    [InlineData("")]
    public async Task Given_bytes_that_are_not_a_Part10_file_When_stored_Then_cannot_understand_with_a_reason(string content)
    {
        var outcome = await NodeA.Gateway.Web.StoreAsync(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(content)), "HOSP_A", null, CancellationToken.None);

        Assert.Equal(IngestStatus.CannotUnderstand, outcome.Status);
        Assert.Contains("Part 10", outcome.Reason);
    }

    [Fact]
    public async Task Given_a_file_of_a_class_no_CStore_would_be_accepted_for_When_posted_Then_0122_and_nothing_is_kept()
    {
        // A Media Storage Directory (DICOMDIR) is not a storage SOP class: no C-GET or C-MOVE could ever deliver it.
        var sent = TestInstances.Write(fixture.Files, Uid("5", 1), Uid("5", 2), Uid("5", 3), sopClass: "1.2.840.10008.1.3.10");
        await using var file = File.OpenRead(sent.Path);

        var outcome = await NodeA.Gateway.Web.StoreAsync(file, "HOSP_A", null, CancellationToken.None);

        Assert.Equal(IngestStatus.SopClassNotSupported, outcome.Status);
        Assert.False((await NodeA.Studies.Ask<StudyView>(new GetStudy("a", sent.StudyUid), TimeSpan.FromSeconds(10))).Exists);
        Assert.Equal(0, NodeA.TemporaryFiles);
    }

    [Fact]
    public async Task Given_an_unregistered_hospital_When_it_posts_Then_refused()
    {
        var sent = TestInstances.Write(fixture.Files, Uid("4", 1), Uid("4", 2), Uid("4", 3));
        await using var file = File.OpenRead(sent.Path);

        var outcome = await NodeA.Gateway.Web.StoreAsync(file, "STRANGER", null, CancellationToken.None);

        Assert.False(outcome.Stored);
        Assert.Contains("not a hospital", outcome.Reason);
    }
}
