using System.Net;
using System.Net.Http.Json;
using Akka.Actor;
using Peake.Cluster.Sharding;
using Peake.Management.Contracts;

namespace Peake.Node.Tests.Management;

/// <summary>GET /entities and /cluster/shards with an entity running, over real Kestrel and a real cluster node.</summary>
public sealed class EntityRoutesTests
{
    private static async Task Start(ManagementHost host, string site, string id) =>
        Assert.Equal(id, await host.Region.Ask<string>(new Ping(site, id), TimeSpan.FromSeconds(20)));

    [Fact]
    public async Task Given_a_running_entity_When_located_with_its_site_Then_its_shard_node_and_site_are_returned()
    {
        await using var host = await ManagementHost.StartAsync();
        await Start(host, "east", "P-1");

        var location = await host.Http.GetFromJsonAsync<EntityLocationResponse>("/entities/patient/P-1?site=east");

        var self = Akka.Cluster.Cluster.Get(host.System).SelfAddress.ToString();
        Assert.Equal(new EntityLocationResponse("patient", "P-1", SiteShardId.For("east", "P-1", ManagementHost.Buckets), self, "east"), location);
        // Same id, another home site: another shard, and nothing runs there.
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/entities/patient/P-1?site=west")).StatusCode);
        // A shard that is allocated but does not hold this entity.
        var neighbour = Enumerable.Range(2, 500).Select(i => $"P-{i}")
            .First(id => SiteShardId.For("east", id, ManagementHost.Buckets) == location!.ShardId);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"/entities/patient/{neighbour}?site=east")).StatusCode);
    }

    [Fact]
    public async Task Given_a_home_site_resolver_When_no_site_is_passed_Then_the_resolver_decides()
    {
        await using var host = await ManagementHost.StartAsync((_, id, _) => Task.FromResult<string?>(id == "P-9" ? "east" : null));
        await Start(host, "east", "P-9");

        var location = await host.Http.GetFromJsonAsync<EntityLocationResponse>("/entities/patient/P-9");

        Assert.Equal("east", location!.Site);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync("/entities/patient/P-10")).StatusCode);
    }

    [Fact]
    public async Task Given_entities_in_two_shards_When_shards_are_listed_Then_each_shard_counts_its_entities()
    {
        await using var host = await ManagementHost.StartAsync();
        var ids = Enumerable.Range(1, 40).Select(i => $"P-{i}").ToList();
        foreach (var id in ids)
            await Start(host, "east", id);

        var shards = await host.Http.GetFromJsonAsync<ShardsResponse>("/cluster/shards/patient");

        var region = Assert.Single(shards!.Regions);
        Assert.Equal("east", region.Site);
        var expected = ids.GroupBy(id => SiteShardId.For("east", id, ManagementHost.Buckets))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), region.Shards.Select(s => KeyValuePair.Create(s.ShardId, s.Entities)));
    }

    [Fact]
    public async Task Given_a_type_whose_region_has_not_started_When_asked_Then_503_and_ready_names_it()
    {
        await using var host = await ManagementHost.StartAsync();

        using var shards = await host.Http.GetAsync("/cluster/shards/study");
        using var ready = await host.Http.GetAsync("/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, shards.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<ReadyResponse>();
        Assert.False(body!.Ready);
        Assert.Equal("ok", body.Checks["journal"]);
        Assert.Contains("study", body.Checks["sharding"], StringComparison.Ordinal);
        Assert.StartsWith("sharding:", body.Reason, StringComparison.Ordinal);
    }
}
