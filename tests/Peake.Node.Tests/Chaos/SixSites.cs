using Peake.Cluster.Patients;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;
using Peake.Management.Contracts;
using Peake.Node.Tests.Cluster;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Chaos;

/// <summary>
/// Six peake-node processes, one per site of the real sites.conf, on one shared SQLite journal, with one person per
/// hospital; the steps of an outage (kill -9, restart) and the checks of where every site's shards are and that the
/// records read back unchanged. Where a site's shards belong is computed, as the allocation strategy does, with
/// <see cref="NearestSites"/> over the real site map: the site itself, else the nearest site whose node is up.
/// </summary>
internal sealed class SixSites(TestCluster cluster, ITestOutputHelper output)
{
    // Bounds of each wait:
    // six .NET processes starting at once on two shared cores,
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);
    // kill -> unreachable: ~3 s pause plus phi rising, on every survivor,
    public static readonly TimeSpan Detection = TimeSpan.FromSeconds(20);
    // unreachable -> downed by the resolver and removed: stable-after 5 s, then the leader's removal,
    public static readonly TimeSpan Downing = TimeSpan.FromSeconds(30);
    // removed -> the records served at the nearest live site: coordinator take-over (when the oldest node died),
    // allocation there, replay from the journal,
    public static readonly TimeSpan Failover = TimeSpan.FromSeconds(40);
    // restart -> Up on every node,
    public static readonly TimeSpan Rejoin = TimeSpan.FromSeconds(45);
    // Up -> shards back home: the coordinator's rebalance runs every 2 s here (10 s in production) and moves at most
    // 3 shards per type a round.
    public static readonly TimeSpan Return = TimeSpan.FromSeconds(60);

    private readonly SiteMap _sites = ClusterConfigFiles.Sites;
    private readonly NearestSites _nearest = new(ClusterConfigFiles.Sites);
    private readonly int _buckets = ClusterConfigFiles.BucketsPerSite;
    private readonly Dictionary<string, NodeProcess> _home = [];
    private readonly HashSet<string> _down = [];

    public Dictionary<PatientFixture, PatientResponse> People { get; } = [];

    public NodeProcess this[string site] => _home[site];

    public IReadOnlyList<NodeProcess> Live => [.. _home.Where(h => !_down.Contains(h.Key)).Select(h => h.Value)];

    /// <summary>The node serving <paramref name="site"/>'s shards now: its own, else the nearest live site's.</summary>
    public NodeProcess HostOf(string site) => _home[_nearest.From(site).First(s => !_down.Contains(s))];

    /// <summary>Starts the six nodes (in sites.conf order; the first is the oldest) and waits until all are Up and ready.</summary>
    public async Task<IReadOnlyList<NodeProcess>> StartAsync()
    {
        var nodes = cluster.Start([.. _sites.Sites.Select(s => s.Name)]);
        foreach (var node in nodes)
            _home[node.Site] = node;
        await AllUpAsync(Startup);
        foreach (var node in nodes)
            await Eventually.Until(node.ReadyAsync, r => r.Status == 200, Startup, $"{node.Site} ready");
        return nodes;
    }

    /// <summary>A person per hospital, each resolved through another site's node; then every shard is at home.</summary>
    public async Task AddPeopleAsync()
    {
        var nodes = _home.Values.ToList();
        foreach (var (fixture, i) in PatientFixture.OnePerHospital(_sites).Select((f, i) => (f, i)))
        {
            var via = nodes[(i + 1) % nodes.Count];
            var person = await Eventually.Until(() => via.ResolveAsync(fixture.Identifier, fixture.Site, fixture.Name), _ => true, Startup,
                $"resolve {fixture.Identifier} via {via.Site}");
            Assert.Equal(fixture.Site, person.HomeSite);
            People[fixture] = person;
        }
        await ShardsPlacedAsync(nodes[0], Startup, "every shard on its own site's node");
    }

    /// <summary>kill -9 the site's node; every other live node sees it unreachable, then the resolver removes it.</summary>
    public async Task KillAsync(string site)
    {
        var victim = _home[site];
        var others = Live.Where(n => n != victim).ToList();
        victim.KillHard();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        _down.Add(site);
        // Every survivor at once: the victim stays unreachable only until the resolver downs it (stable-after 5 s).
        await Task.WhenAll(others.Select(node => Eventually.Until(node.MembersAsync,
            m => m!.Unreachable.Any(u => u.Address == victim.Address), Detection, $"{node.Site} sees {victim.Address} unreachable")));
        await AllUpAsync(Downing);
    }

    /// <summary>
    /// kill -9 the site's node and start it again as soon as the process has ended, as a supervisor with no restart
    /// delay does: the new incarnation joins on the same address while the old one is still a member.
    /// </summary>
    public async Task KillAndRestartAtOnceAsync(string site)
    {
        var victim = _home[site];
        victim.KillHard();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var again = _home[site] = cluster.Restart(victim);
        // The address is the same, so the members list cannot tell the incarnations apart; the new node's own /ready
        // can: it is 200 only once that node is Up, and Akka lets a new incarnation join only after removing the old.
        await Eventually.Until(again.ReadyAsync, r => r.Status == 200, Rejoin, $"the new {site} node ready");
        await AllUpAsync(Rejoin);
    }

    /// <summary>Starts the sites' nodes again at once (same ports, data and journal); waits until every node sees all Up.</summary>
    public async Task RestartAsync(params string[] sites)
    {
        foreach (var site in sites)
        {
            _home[site] = cluster.Restart(_home[site]);
            _down.Remove(site);
        }
        await AllUpAsync(Rejoin);
        foreach (var site in sites)
            await Eventually.Until(_home[site].ReadyAsync, r => r.Status == 200, Rejoin, $"the restarted {site} node ready");
    }

    /// <summary>
    /// Reads every person (by master id and by identifier, which starts shards that are not allocated) until the
    /// identifier and patient shards of each site are listed once each, all on <see cref="HostOf"/> that site.
    /// </summary>
    public async Task ShardsPlacedAsync(NodeProcess via, TimeSpan within, string what)
    {
        var expected = People.SelectMany(p => new[]
        {
            (Type: PatientSharding.IdentifierType, Shard: p.Key.IdentifierShard(_buckets)),
            (Type: PatientSharding.PatientType, Shard: PatientFixture.PatientShard(p.Value, _buckets)),
        }).Distinct().ToList();
        await Eventually.Until(async () =>
        {
            foreach (var (fixture, person) in People)
            {
                await via.PatientAsync(person.MasterId);
                await via.PatientAsync(fixture.Identifier);
            }
            var listed = new Listing();
            foreach (var type in new[] { PatientSharding.IdentifierType, PatientSharding.PatientType })
                listed.AddRange((await via.ShardsAsync(type)).Select(s => (type, s.ShardId, s.Address)));
            return listed;
        }, listed =>
            expected.All(e => listed.Count(l => l.Type == e.Type && l.ShardId == e.Shard) == 1)
            && listed.All(l => SiteShardId.SiteOf(l.ShardId) is { } site && l.Address == HostOf(site).Address),
            within, what + $" ({expected.Count} shards)");
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} placed: {what}");
    }

    /// <summary>Every person reads back as created, by master id and by identifier, naming the node that hosts it.</summary>
    public async Task RecordsIntactAsync(NodeProcess via, TimeSpan within)
    {
        foreach (var (fixture, person) in People)
        {
            // address/site are best effort: null while this node's directory replica does not know the person yet.
            var read = await Eventually.Until(() => via.PatientAsync(person.MasterId), r => r?.Address is not null, within,
                $"read {person.MasterId} with the node hosting it");
            Assert.Equal(PatientCalls.RecordOf(person), PatientCalls.RecordOf(read!));
            Assert.Equal(fixture.Name, read!.Name);
            Assert.Equal(HostOf(person.HomeSite).Address, read.Address);
            Assert.Equal(HostOf(person.HomeSite).Site, read.Site);
            var byIdentifier = await Eventually.Until(() => via.PatientAsync(fixture.Identifier), r => r is not null, within,
                $"read {fixture.Identifier}");
            Assert.Equal(PatientCalls.RecordOf(person), PatientCalls.RecordOf(byIdentifier!));
        }
    }

    /// <summary>Every site's shards on its own node again (asked of <paramref name="via"/>), records read through <paramref name="readVia"/>.</summary>
    public async Task BackHomeAsync(NodeProcess via, NodeProcess readVia, string what)
    {
        Assert.Empty(_down);
        await ShardsPlacedAsync(via, Return, what);
        await RecordsIntactAsync(readVia, Return);
    }

    /// <summary>Resolves <paramref name="fixture"/> again (new person or new name) through <paramref name="via"/> and keeps it.</summary>
    public async Task ResolveAsync(NodeProcess via, PatientFixture? replacing, PatientFixture fixture, TimeSpan within)
    {
        var answer = await Eventually.Until(() => via.ResolveAsync(fixture.Identifier, fixture.Site, fixture.Name), _ => true, within,
            $"resolve {fixture.Identifier} via {via.Site}");
        Assert.Equal(fixture.Name, answer.Name);
        if (replacing is not null)
            People.Remove(replacing);
        People[fixture] = answer;
    }

    private async Task AllUpAsync(TimeSpan within)
    {
        var live = Live;
        var addresses = live.Select(n => n.Address).Order(StringComparer.Ordinal).ToList();
        foreach (var node in live)
        {
            await Eventually.Until(node.MembersAsync,
                m => m!.Members.Count == addresses.Count && m.Members.All(x => x.Status == "Up" && x.Reachable)
                    && m.Members.Select(x => x.Address).Order(StringComparer.Ordinal).SequenceEqual(addresses),
                within, $"{node.Site} sees exactly {addresses.Count} Up members");
        }
    }

    // Shards as listed, printed in a failure message as type/shard@address.
    private sealed class Listing : List<(string Type, string ShardId, string Address)>
    {
        public override string ToString() => string.Join(", ", this.Select(l => $"{l.Type}/{l.ShardId}@{l.Address}"));
    }
}
