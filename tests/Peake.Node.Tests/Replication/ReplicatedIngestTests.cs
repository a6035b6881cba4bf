using System.Net.Http.Headers;
using System.Security.Cryptography;
using Peake.Node.Tests.Cluster;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// Issue 5's acceptance on a healthy six-site archive (<see cref="ArchiveFixture"/>): storescu from hospitals of
/// different sites to their nearest nodes, then where the copies are, what bytes they hold, what a corrupt copy
/// becomes and what storage commitment answers. Every wait is bounded; the archive's reports are checked against the
/// files on the nodes' disks.
/// </summary>
[Trait("Category", "Process")]
[Collection(ArchiveCollection.Name)]
public sealed class ReplicatedIngestTests(ArchiveFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    private readonly ArchiveCluster _cluster = fixture.Cluster;
    private readonly DateTime _started = DateTime.UtcNow;

    [Fact]
    public async Task Given_hospitals_of_different_sites_When_storescu_sends_a_multi_patient_corpus_to_their_nearest_nodes_Then_every_instance_is_on_three_nodes_over_two_sites_with_its_home_site_and_the_bytes_sent()
    {
        // Six sites' hospitals, a second hospital at east and central: 8 patients, 16 studies, 32 series, 128 instances.
        var hospitals = Hospitals.FirstOf("east", "southeast", "central", "south", "west", "northwest").Concat([Hospitals.Of("east")[1], Hospitals.Of("central")[1]]);
        var corpus = Corpus.Generate(_cluster.Folder($"corpus-{Guid.NewGuid():N}"), hospitals, patients: 1, studies: 2, series: 2, instances: 4);

        var runs = await Ingest.SendNearestAsync(_cluster, corpus);
        foreach (var (hospital, run) in runs)
            Assert.True(run.AllStored, $"{hospital}: {run}");
        Log($"{corpus.Count} instances stored by {runs.Count} hospitals");

        var reported = await Copies.ThreeEachAsync(_cluster, corpus, Settle, "after the corpus");
        Copies.AssertPlaced(_cluster, corpus, reported);
        Copies.AssertBytesAsSent(_cluster, corpus, reported);
        var check = await ArchiveCli.ReplicasCheckAsync(_cluster, _cluster.Live[0]);
        Assert.True(check.Instances >= corpus.Count, check.Json);
        Assert.Equal(0, check.UnderReplicated);
        Assert.Equal(0, check.Corrupt);
        Log($"placed and byte-identical; replicas check {check.Json}");
    }

    [Fact]
    public async Task Given_hospitals_sending_MR_CR_DX_MG_and_US_When_storescu_sends_them_Then_each_is_stored_on_three_nodes_with_the_bytes_sent()
    {
        // What the hospitals of sites.conf are named for: radiography, mammography (Puget Sound Women's), MR, ultrasound.
        (string Modality, string Hospital)[] senders = [("MR", "BAYVIEW_MR"), ("CR", "SAVCOAST_CR"), ("DX", "CHESKIDS_CT"), ("MG", "PUGETW_MG"), ("US", "SIERRA_US")];
        var corpus = senders.SelectMany(s =>
            Corpus.Generate(_cluster.Folder($"corpus-{s.Modality}-{Guid.NewGuid():N}"), [s.Hospital], 1, 1, 1, 2, s.Modality)).ToList();

        var runs = await Ingest.SendNearestAsync(_cluster, corpus);
        var refused = runs.Where(r => !r.Value.AllStored).Select(r => $"{senders.Single(s => s.Hospital == r.Key).Modality} from {r.Key}: {r.Value}").ToList();
        Assert.True(refused.Count == 0, string.Join("\n", refused));

        var reported = await Copies.ThreeEachAsync(_cluster, corpus, Settle, "after the modalities");
        Copies.AssertPlaced(_cluster, corpus, reported);
        Copies.AssertBytesAsSent(_cluster, corpus, reported);
    }

    [Fact]
    public async Task Given_a_stored_instance_When_a_byte_of_one_copy_is_flipped_on_disk_Then_a_read_never_serves_it_and_the_copy_is_repaired_from_a_good_one()
    {
        var corpus = Corpus.Generate(_cluster.Folder($"corpus-{Guid.NewGuid():N}"), Hospitals.FirstOf("west"), 1, 1, 1, 6);
        var reported = await Ingest.StoreSettledAsync(_cluster, corpus, Settle, "before the corruption");

        // The largest instance's copy on a node other than the receiving one: corrupt one byte in its middle.
        var victim = corpus.OrderByDescending(c => new FileInfo(c.Path).Length).First();
        var hash = reported[victim.SopInstanceUid].Hash;
        var holder = _cluster.ByAddress(reported[victim.SopInstanceUid].Copies.First(c => c.Site != victim.HomeSite).Node);
        var path = BlobFiles.Visible(holder)[hash];
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x5A;
        // Blob files may be read-only (never modified in place); the test is the disk fault that ignores that.
        File.SetAttributes(path, FileAttributes.Normal);
        await File.WriteAllBytesAsync(path, bytes);
        Log($"flipped a byte of {hash} on {holder}");

        // A read of that copy (the node-to-node route every fetch and repair uses) fails or yields the true bytes.
        using (var http = new HttpClient { BaseAddress = holder.HttpBase, Timeout = TimeSpan.FromSeconds(15) })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _cluster.Secret);
            try
            {
                using var response = await http.GetAsync($"/internal/blobs/{hash}");
                if (response.IsSuccessStatusCode)
                {
                    var served = await response.Content.ReadAsByteArrayAsync();
                    Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(served)));
                }
                Log($"read of the corrupt copy: {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                Log($"read of the corrupt copy aborted: {e.Message}");
            }
        }

        // Repaired: three intact copies again, disks agreeing with the report, nothing corrupt left visible.
        reported = await Copies.ThreeEachAsync(_cluster, corpus, ArchiveCluster.Grace + Settle, "after the corruption");
        Copies.AssertPlaced(_cluster, corpus, reported);
        Copies.AssertNoPartialBlob(_cluster);
        var check = await Eventually.Until(() => ArchiveCli.ReplicasCheckAsync(_cluster, _cluster.Live[0]),
            c => c.UnderReplicated == 0 && c.Corrupt == 0, Settle, "replicas check: nothing under-replicated or corrupt");
        Log($"repaired; replicas check {check.Json}");
    }

    [Fact]
    public async Task Given_stored_instances_When_storage_commitment_is_requested_Then_success_comes_only_for_instances_with_three_copies()
    {
        var corpus = Corpus.Generate(_cluster.Folder($"corpus-{Guid.NewGuid():N}"), Hospitals.FirstOf("south", "northwest"), 1, 1, 1, 5);
        var never = Corpus.Generate(_cluster.Folder($"never-{Guid.NewGuid():N}"), Hospitals.FirstOf("south"), 1, 1, 1, 2);
        await Ingest.StoreSettledAsync(_cluster, corpus, Settle, "before the commitment request");

        // Our SCU (`peake dicom commit`, Storage Commitment Push Model), from each hospital to the node it sent to (a
        // gateway answers for what it stored: ADR 0025), the south one also for two instances never sent.
        var committed = new List<string>();
        var failed = new List<string>();
        foreach (var sent in corpus.GroupBy(c => c.Hospital))
        {
            var node = _cluster[sent.First().HomeSite];
            var files = sent.Select(c => c.Path).Concat(node.Site == "south" ? never.Select(c => c.Path) : []).ToList();
            var (ok, notOk) = await PeakeCommitAsync(node, sent.Key, files);
            // Read right after the report: copies only grow in a healthy cluster, so three now and fewer at the
            // report cannot both be seen.
            var reported = await ArchiveCli.ReportedAsync(_cluster, node, sent);
            foreach (var path in ok)
            {
                var instance = corpus.Single(c => c.Path == path);
                Assert.Equal(3, reported[instance.SopInstanceUid].Copies.Select(c => c.Node).Distinct().Count());
            }
            committed.AddRange(ok);
            failed.AddRange(notOk);
        }
        Log($"commitment: {committed.Count} committed, {failed.Count} failed");

        Assert.All(never, c => Assert.Contains(c.Path, failed));
        // Every instance had its three copies before the request: each is committed.
        Assert.Equal(corpus.Select(c => c.Path).Order(), committed.Order());
    }

    private async Task<(IReadOnlyList<string> Committed, IReadOnlyList<string> Failed)> PeakeCommitAsync(ArchiveNode node, string hospital, IReadOnlyList<string> files)
    {
        var result = await ArchiveCommit.RunAsync(node, hospital, files);
        Log(result.ToString());
        return result.Outcome;
    }

    private void Log(string what) => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} (+{(DateTime.UtcNow - _started).TotalSeconds:0.0} s) {what}");

    public void Dispose() => output.WriteLine(_cluster.Tails());
}
