using System.Text.Json.Nodes;

namespace Peake.Cli.Ops;

/// <summary>
/// `peake cluster show`: the members as one node sees them (GET /cluster/members). --json prints that node's whole
/// document (selfNode, leader, oldest, members[], unreachable[]) unchanged, so scripts learn one schema (ADR 0021).
/// </summary>
internal static class ClusterShowCommand
{
    public const string Words = "cluster show";

    public static int Run(string[] args, TextWriter stdout) =>
        OpsCommand.Show(Words, args, stdout, "/cluster/members", WriteTable);

    private static void WriteTable(TextWriter stdout, JsonNode doc)
    {
        var members = JsonFields.Items(doc, "members").ToList();
        var leader = JsonFields.Text(doc, "leader");
        var self = JsonFields.Text(doc, "selfNode");
        var table = new TextTable("ADDRESS", "STATUS", "SITE", "REACHABLE", "ROLES", "");
        foreach (var m in members)
        {
            var address = JsonFields.Text(m, "address");
            var reachable = JsonFields.Flag(m, "reachable") switch { true => "yes", false => "no", null => null };
            var roles = string.Join(",", JsonFields.Items(m, "roles").Select(x => x.ToString())) is { Length: > 0 } joined ? joined : null;
            var marks = string.Join(" ", new[] { address == leader ? "leader" : null, address == self ? "self" : null }.OfType<string>());
            table.Add(address, JsonFields.Text(m, "status"), JsonFields.Text(m, "site"), reachable, roles, marks);
        }

        table.WriteTo(stdout);
        var unreachable = JsonFields.Items(doc, "unreachable").ToList();
        foreach (var u in unreachable)
        {
            var observers = string.Join(", ", JsonFields.Items(u, "observedBy").Select(x => x.ToString()));
            stdout.WriteLine($"unreachable: {JsonFields.Text(u, "address")} (observed by {(observers.Length > 0 ? observers : "-")})");
        }

        var statuses = members.GroupBy(m => JsonFields.Text(m, "status") ?? "?").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
        stdout.WriteLine($"{members.Count} members ({string.Join(", ", statuses)}), {unreachable.Count} unreachable; leader {leader ?? "none"}");
    }
}
