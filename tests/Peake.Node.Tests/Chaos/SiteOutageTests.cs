using Peake.Cluster.Sites;
using Peake.Node.Tests.Cluster;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Chaos;

/// <summary>
/// Issue 4's process-level acceptance: six peake-node processes, one per site of cluster-config/sites.conf, on one
/// shared SQLite journal (<see cref="SixSites"/>, which states the bound of every wait). Nodes are killed with
/// SIGKILL and started again on the same ports, data and journal.
///
/// Timing: the nodes run with the process tests' short failure detector (3 s pause) and split brain resolver
/// (stable-after 5 s), see <see cref="TestCluster"/>. Production waits longer on purpose (common.conf, ADR 0020):
/// across a WAN heartbeats arrive late in bursts, and a false "unreachable" followed by a down is irreversible (the
/// node restarts and its shards move twice), while a slower detection only delays the fail-over by seconds. On
/// loopback there is no such jitter. Rebalancing runs every 2 s instead of 10 s and a region finds a moved coordinator
/// sooner (TestCluster.TestHocon): the same rounds of at most 3 shards, without the waits between them. Hand-off runs at
/// production values.
/// </summary>
[Trait("Category", "Process")]
public sealed class SiteOutageTests : IDisposable
{
    private const string Victim = "east";

    private readonly ITestOutputHelper _output;
    private readonly TestCluster _cluster;
    private readonly SixSites _six;

    public SiteOutageTests(ITestOutputHelper output)
    {
        _output = output;
        _cluster = new TestCluster(output, sharedJournal: true);
        _six = new SixSites(_cluster, output);
    }

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task Given_six_sites_on_one_journal_When_a_node_is_killed_and_restarted_Then_its_shards_fail_over_to_the_nearest_site_and_come_back_with_their_records()
    {
        var nodes = await _six.StartAsync();

        // (1) `peake cluster show --json`: six Up members, six distinct sites, the sites of the configuration.
        var members = await ClusterShow.JsonAsync(nodes[^1], _cluster.TokenFile);
        Assert.Equal(nodes[^1].Address, members.SelfNode);
        Assert.Equal(6, members.Members.Count);
        Assert.All(members.Members, m => Assert.Equal("Up", m.Status));
        Assert.Equal(ClusterConfigFiles.Sites.Sites.Select(s => s.Name).Order(), members.Members.Select(m => m.Site!).Order());

        // (2) A person per hospital; every site's shards on its own node.
        await _six.AddPeopleAsync();
        Log($"six sites up, {_six.People.Count} people placed at home");

        // (3) kill -9 the victim (the oldest node: the shard coordinators move too): unreachable, downed, and its
        // shards served from the nearest live site, computed over the real site map.
        var nearest = new NearestSites(ClusterConfigFiles.Sites).From(Victim)[1];
        var survivors = _six.Live.Where(n => n.Site != Victim).ToList();
        var observer = survivors.First(n => n.Site != nearest);
        await using (var watch = new ReadyWatch(survivors))
        {
            await _six.KillAsync(Victim);
            Log($"{Victim} downed and removed");
            Assert.Equal(_six[nearest], _six.HostOf(Victim));
            await _six.ShardsPlacedAsync(observer, SixSites.Failover, $"{Victim}'s shards at {nearest}, the nearest live site");
            await _six.RecordsIntactAsync(observer, SixSites.Failover);
            Log($"{Victim} served from {nearest}");

            // Writes while the victim is down go through the stand-in node into the shared journal and must go home
            // with the shards: a new name for one of its people, and a new person first seen at its site.
            var renamed = _six.People.Keys.First(f => f.Site == Victim);
            await _six.ResolveAsync(observer, renamed, renamed with { Name = "OUTAGE^RENAMED" }, SixSites.Failover);
            await _six.ResolveAsync(observer, null, renamed with
            {
                Identifier = renamed.Identifier with { PatientId = renamed.Identifier.PatientId + "-NEW" }, Name = "OUTAGE^NEWCOMER",
            }, SixSites.Failover);
            await _six.ShardsPlacedAsync(observer, SixSites.Failover, $"the outage's writes in {Victim}'s shards at {nearest}");

            // (4) The same node again (ports, data, journal): it rejoins and its shards come home, records intact.
            await _six.RestartAsync(Victim);
            Log($"{Victim} rejoined");
            await _six.BackHomeAsync(observer, _six[Victim], $"{Victim}'s shards back on the restarted node");
            Log("shards home again");
            watch.AssertStayedReady();
        }
    }

    [Fact]
    public async Task Given_six_sites_When_a_site_and_then_its_nearest_go_down_Then_both_sites_shards_go_to_their_nearest_live_site_and_return_when_both_restart()
    {
        await _six.StartAsync();
        await _six.AddPeopleAsync();
        // east, then its nearest (southeast): the two oldest nodes, so the coordinators move twice.
        var second = new NearestSites(ClusterConfigFiles.Sites).From(Victim)[1];
        var stayUp = _six.Live.Where(n => n.Site != Victim && n.Site != second).ToList();
        var observer = stayUp[^1];
        await using var watch = new ReadyWatch(stayUp);

        await _six.KillAsync(Victim);
        await _six.ShardsPlacedAsync(observer, SixSites.Failover, $"{Victim}'s shards at {second}");
        await _six.KillAsync(second);
        Log($"{Victim} and {second} down");
        Assert.NotEqual(_six[second], _six.HostOf(Victim));
        await _six.ShardsPlacedAsync(observer, SixSites.Failover,
            $"{Victim}'s shards at {_six.HostOf(Victim).Site}, {second}'s at {_six.HostOf(second).Site}");
        await _six.RecordsIntactAsync(observer, SixSites.Failover);
        Log("both served from their nearest live sites");

        await _six.RestartAsync(Victim, second);
        Log("both rejoined");
        await _six.BackHomeAsync(observer, observer, "every shard back on its own site's node");
        Log("shards home again");
        watch.AssertStayedReady();
    }

    [Fact]
    public async Task Given_six_sites_When_a_node_is_killed_and_restarted_at_once_Then_its_new_incarnation_replaces_the_old_and_serves_its_shards_with_their_records()
    {
        await _six.StartAsync();
        await _six.AddPeopleAsync();
        var others = _six.Live.Where(n => n.Site != Victim).ToList();
        await using var watch = new ReadyWatch(others);

        await _six.KillAndRestartAtOnceAsync(Victim);
        Log($"{Victim} restarted at once and Up");
        await _six.BackHomeAsync(others[^1], others[^1], $"{Victim}'s shards on its new incarnation");
        Log("shards served with their records");
        watch.AssertStayedReady();
    }

    private void Log(string what) => _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {what}");
}
