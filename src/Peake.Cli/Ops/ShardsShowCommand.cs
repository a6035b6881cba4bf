using System.Globalization;
using System.Text.Json.Nodes;

namespace Peake.Cli.Ops;

/// <summary>
/// `peake shards show [TYPE]`: where each shard of a sharded type lives (GET /cluster/shards/{type}), all three types
/// when none is named. One row per shard: its home site (the prefix of its id) beside the site that hosts it, so a
/// shard served away from home after a site failure stands out. --json prints an array of the nodes' documents,
/// one per type, also when one type is named, so scripts see one shape.
/// </summary>
internal static class ShardsShowCommand
{
    public const string Words = "shards show";
    public static readonly string[] Types = ["identifier", "patient", "study"];

    public static int Run(string[] args, TextWriter stdout)
    {
        var a = OpsArguments.Parse(args);
        if (a.Positional.Count > 1)
        {
            throw new UsageException($"takes at most one TYPE ({string.Join(", ", Types)})");
        }

        var types = a.Positional.Count == 1 ? [a.Positional[0]] : Types;
        return OpsCommand.Run(Words, a, async (client, ct) =>
        {
            var docs = new JsonArray();
            var table = new TextTable("TYPE", "SHARD", "HOME", "SITE", "ADDRESS", "ENTITIES");
            var summaries = new List<string>();
            foreach (var type in types)
            {
                var doc = await client.GetAsync($"/cluster/shards/{Uri.EscapeDataString(type)}", $"no sharded type '{type}' (known: {string.Join(", ", Types)})", ct);
                docs.Add(doc);
                summaries.Add(AddRows(table, type, doc));
            }

            if (a.Switch("--json"))
            {
                OpsCommand.WriteJson(stdout, docs);
                return 0;
            }

            table.WriteTo(stdout);
            foreach (var s in summaries)
            {
                stdout.WriteLine(s);
            }

            return 0;
        });
    }

    private static string AddRows(TextTable table, string type, JsonNode doc)
    {
        var regions = JsonFields.Items(doc, "regions").ToList();
        int shards = 0, entities = 0, away = 0;
        foreach (var region in regions)
        {
            var site = JsonFields.Text(region, "site");
            foreach (var shard in JsonFields.Items(region, "shards").OrderBy(s => JsonFields.Text(s, "shardId"), StringComparer.Ordinal))
            {
                var id = JsonFields.Text(shard, "shardId");
                var home = id?.Split(':')[0];
                var count = JsonFields.Number(shard, "entities") ?? 0;
                table.Add(type, id, home, site, JsonFields.Text(region, "address"), count.ToString(CultureInfo.InvariantCulture));
                shards++;
                entities += count;
                away += home is not null && home != site ? 1 : 0;
            }
        }

        return $"{type}: {shards} shards, {entities} entities, on {regions.Count} regions; {away} shards away from their home site";
    }
}
