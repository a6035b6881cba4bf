using Akka.Actor;
using Akka.Cluster.Sharding;
using Microsoft.Data.Sqlite;
using Peake.Cluster.Location;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;
using Peake.Cluster.Studies;
using Peake.Cluster.Tests.Sharding;

namespace Peake.Cluster.Tests.Studies;

/// <summary>
/// A study whose home site changes, on three ActorSystems (sites a, b, c) sharing one SQLite journal file: it is
/// served at the new site with its state, and messages addressed to the old site (in flight during the move, or
/// sent later by a node whose directory is stale) are answered by the new owner, each written exactly once.
/// </summary>
[Trait("Category", "MultiNode")]
public sealed class StudyRelocationTests : IAsyncLifetime
{
    private const int Buckets = 10;
    private const string Study = "1.2.826.0.1.3680043.10.1";
    private const string Patient = "0123456789abcdef0123456789abcdef";
    private static readonly SiteMap Sites = new([new Site("a", 0, 0, []), new Site("b", 0, 10, []), new Site("c", 0, 40, [])]);

    private readonly StudyTestJournal _journal = new("relocation");

    private TestSiteCluster Cluster => _journal.Cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _journal.DisposeAsync();

    /// <summary>One node per site, settled, each with the study region, every region registered.</summary>
    private async Task<(ActorSystem System, IActorRef Region)[]> StudyNodes(params string[] sites)
    {
        var systems = new List<ActorSystem>();
        foreach (var site in sites)
            systems.Add(await Cluster.StartAsync(site));
        await Cluster.SettledAsync();
        var nodes = new List<(ActorSystem, IActorRef)>();
        foreach (var system in systems)
            nodes.Add((system, await StudySharding.StartAsync(system, Sites, Buckets)));
        await Cluster.RegionsRegisteredAsync(nodes[0].Item2);
        return [.. nodes];
    }

    private static RecordInstance Instance(string site, int n) => new(
        site, Study, Patient, $"{Study}.1", $"{Study}.1.{n}", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
        n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), 100 + n, DuplicatePolicy.Reject, []);

    private static Task<StudyAck> Send(IActorRef region, IStudyCommand command) => StudyTestJournal.Send(region, command);

    private static async Task<ShardState[]> ShardsOf(IActorRef region) =>
        [.. (await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5))).Shards];

    [Fact]
    public async Task Given_a_study_at_site_a_When_it_moves_to_b_while_messages_are_addressed_to_a_Then_b_answers_them_all_and_each_is_written_once()
    {
        var nodes = await StudyNodes("a", "b", "c");
        var (a, regionA) = nodes[0];
        var regionB = nodes[1].Region;
        var regionC = nodes[2].Region;
        var shardA = SiteShardId.For("a", Study, Buckets);
        var shardB = SiteShardId.For("b", Study, Buckets);

        for (var n = 1; n <= 3; n++)
            Assert.True((await Send(regionC, Instance("a", n))).Accepted);
        Assert.Contains(await ShardsOf(regionA), s => s.ShardId == shardA && s.EntityIds.Contains(Study));
        await Eventually.Until(
            () => Cluster.Live.All(s => LocationDirectory.Get(s).CachedHomeSiteOf("study", Study) == "a"),
            TestSiteCluster.Deadline, "every replica of the directory names a, as the owner asserted on start");

        // The move and, racing it, instances addressed to the old site from two nodes.
        var move = Send(regionC, new RelocateStudy("a", Study, "b"));
        var inFlight = Enumerable.Range(4, 20)
            .Select(n => Send(n % 2 == 0 ? regionC : regionB, Instance("a", n)))
            .ToList();
        Assert.True((await move).Accepted);
        Assert.All(await Task.WhenAll(inFlight), ack => Assert.True(ack.Accepted));

        // The directory was updated on a majority before the move was acknowledged; gossip brings the rest.
        using var timeout = new CancellationTokenSource(TestSiteCluster.Deadline);
        Assert.Equal("b", await LocationDirectory.Get(a).HomeSiteOfAsync("study", Study, timeout.Token));
        await Eventually.Until(
            () => Cluster.Live.All(s => LocationDirectory.Get(s).CachedHomeSiteOf("study", Study) == "b"),
            TestSiteCluster.Deadline, "every replica of the directory names b");

        // A node with a stale view still addresses a: the answer comes from the owner at b, state intact.
        var stale = await Eventually.Until(
            ct => regionC.Ask<StudyView>(new GetStudy("a", Study), TimeSpan.FromSeconds(5), ct),
            v => v.InstanceCount == 23,
            TestSiteCluster.Deadline, "the study's 23 instances through its old site");
        Assert.Equal(("b", Patient), (stale.HomeSite, stale.PatientMasterId));
        Assert.Equal(
            Enumerable.Range(1, 23).Select(n => $"{Study}.1.{n}").Order(StringComparer.Ordinal),
            Assert.Single(stale.Series).SopInstanceUids);
        Assert.Contains(await ShardsOf(regionB), s => s.ShardId == shardB && s.EntityIds.Contains(Study));

        // The old incarnation passivated after forwarding: only b's incarnation stays alive.
        await Eventually.Until(
            ShardsOfEach(regionA),
            shards => !shards.Any(s => s.EntityIds.Contains(Study)),
            TestSiteCluster.Deadline, "a's incarnation gone");

        // One writer at a time: 1 open + 23 instances + 1 move, sequence numbers 1..25, no instance twice.
        var manifests = JournalManifests($"study-{Study}");
        Assert.Equal(25, manifests.Count);
        Assert.Equal(1, manifests.Count(m => m == "study-ev-open"));
        Assert.Equal(1, manifests.Count(m => m == "study-ev-moved"));
        Assert.Equal(23, manifests.Count(m => m == "study-ev-stored"));
        // c's ten instances left c after the move on the same path, so a forwarded them and b wrote them.
        Assert.True(manifests.Count - 1 - manifests.IndexOf("study-ev-moved") >= 10, string.Join(",", manifests));
        // The read model follows the study's owner and home by the "study" tag (ADR 0030): the open and the move.
        Assert.Equal(2, TaggedRows("study"));
        Assert.Equal(23, TaggedRows("instance"));
    }

    private long TaggedRows(string tag)
    {
        using var connection = new SqliteConnection($"Data Source={_journal.File}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM tags WHERE tag = $tag";
        command.Parameters.AddWithValue("$tag", tag);
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Given_a_moved_study_When_its_old_site_restarts_an_incarnation_Then_it_only_forwards_and_the_new_site_records()
    {
        var regionA = (await StudyNodes("a", "b"))[0].Region;

        Assert.True((await Send(regionA, Instance("a", 1))).Accepted);
        Assert.True((await Send(regionA, new RelocateStudy("a", Study, "b"))).Accepted);
        // Back again: the incarnation at a re-reads the journal (two moves later) and owns the study once more.
        Assert.True((await Send(regionA, new RelocateStudy("b", Study, "a"))).Accepted);
        Assert.True((await Send(regionA, Instance("b", 2))).Accepted);

        var view = await regionA.Ask<StudyView>(new GetStudy("b", Study), TimeSpan.FromSeconds(10));
        Assert.Equal(("a", 2), (view.HomeSite, view.InstanceCount));

        // And to b once more: b's fresh incarnation replays events written by a, b, then a again, and must keep them all.
        Assert.True((await Send(regionA, new RelocateStudy("a", Study, "b"))).Accepted);
        view = await regionA.Ask<StudyView>(new GetStudy("a", Study), TimeSpan.FromSeconds(10));
        Assert.Equal(("b", 2), (view.HomeSite, view.InstanceCount));
        Assert.Equal(
            ["study-ev-open", "study-ev-stored", "study-ev-moved", "study-ev-moved", "study-ev-stored", "study-ev-moved"],
            JournalManifests($"study-{Study}"));
    }

    [Fact]
    public async Task Given_the_whole_cluster_restarted_with_an_empty_directory_When_a_node_addresses_a_moved_study_at_its_own_site_Then_the_journal_routes_it_to_the_owner()
    {
        var regionA = (await StudyNodes("a", "b"))[0].Region;
        Assert.True((await Send(regionA, Instance("a", 1))).Accepted);
        Assert.True((await Send(regionA, new RelocateStudy("a", Study, "b"))).Accepted);
        foreach (var node in Cluster.Live)
            await node.Terminate().WaitAsync(TestSiteCluster.Deadline);

        // New systems on the same journal: Distributed Data starts empty (ADR 0019).
        var (c, regionC) = (await StudyNodes("c", "b"))[0];
        using var timeout = new CancellationTokenSource(TestSiteCluster.Deadline);
        Assert.Null(await LocationDirectory.Get(c).HomeSiteOfAsync("study", Study, timeout.Token));

        // No entry: c addresses its own site; c's incarnation replays the journal and forwards to the owner at b.
        var view = await Eventually.Until(
            ct => regionC.Ask<StudyView>(new GetStudy("c", Study), TimeSpan.FromSeconds(5), ct),
            v => v.Exists,
            TestSiteCluster.Deadline, "the study through c");
        Assert.Equal(("b", 1), (view.HomeSite, view.InstanceCount));
        Assert.Contains(await ShardsOf(regionC), s => s.ShardId == SiteShardId.For("c", Study, Buckets));
        // The owner wrote its entry back when it recovered.
        await Eventually.Until(
            () => LocationDirectory.Get(c).CachedHomeSiteOf("study", Study) == "b", TestSiteCluster.Deadline, "the directory refilled by the owner");
    }

    [Fact]
    public async Task Given_a_message_forwarded_too_often_When_it_reaches_a_non_owner_Then_the_sender_gets_a_loop_error_not_silence()
    {
        // One node: site b has none, so b's shards are served here (nearest live site); ownership is by shard, not node.
        var (a, region) = (await StudyNodes("a"))[0];
        Assert.True((await Send(region, Instance("a", 1))).Accepted);
        Assert.True((await Send(region, new RelocateStudy("a", Study, "b"))).Accepted);
        Assert.Equal("b", (await region.Ask<StudyView>(new GetStudy("a", Study), TimeSpan.FromSeconds(10))).HomeSite);

        var looping = Forwarded.Wrap(a, new GetStudy("a", Study), Study, "a", Forwarded.MaxHops);

        await Assert.ThrowsAsync<RelocationLoopException>(() => region.Ask<StudyView>(looping, TimeSpan.FromSeconds(10)));
    }

    private static Func<CancellationToken, Task<ShardState[]>> ShardsOfEach(IActorRef region) => _ => ShardsOf(region);

    // The journal in sequence order; a gap or a duplicate sequence number fails the read.
    private List<string> JournalManifests(string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={_journal.File}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT sequence_number, manifest FROM journal WHERE persistence_id = $id ORDER BY sequence_number";
        command.Parameters.AddWithValue("$id", persistenceId);
        using var reader = command.ExecuteReader();
        var manifests = new List<string>();
        while (reader.Read())
        {
            Assert.Equal(manifests.Count + 1, reader.GetInt64(0));
            manifests.Add(reader.GetString(1));
        }
        return manifests;
    }
}
