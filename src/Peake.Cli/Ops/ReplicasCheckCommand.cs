using System.Globalization;
using System.Text.Json.Nodes;

namespace Peake.Cli.Ops;

/// <summary>
/// `peake replicas check`: the replication coordinator's report (GET /replicas/check): how many catalogued instances
/// have fewer than three live copies, more than needed, a corrupt copy, and how many repairs are running. It exits 0
/// whenever the report was read, healthy or not (the verdict is in the output): a script reads --json, which is the
/// node's document unchanged, <c>{instances, underReplicated, overReplicated, corrupt, repairsInFlight, orphans,
/// catalogCaughtUp, lastSweepUtc}</c>.
/// </summary>
internal static class ReplicasCheckCommand
{
    public const string Words = "replicas check";

    public static int Run(string[] args, TextWriter stdout) =>
        OpsCommand.Show(Words, args, stdout, "/replicas/check", WriteTable);

    private static void WriteTable(TextWriter stdout, JsonNode doc)
    {
        string Count(string key) => JsonFields.Long(doc, key)?.ToString(CultureInfo.InvariantCulture) ?? "-";
        var table = new TextTable("CHECK", "VALUE");
        table.Add("instances", Count("instances"));
        table.Add("under-replicated (< 3 live copies)", Count("underReplicated"));
        table.Add("over-replicated", Count("overReplicated"));
        table.Add("corrupt copies", Count("corrupt"));
        table.Add("repairs in flight", Count("repairsInFlight"));
        table.Add("orphan blobs (not in the catalog)", Count("orphans"));
        table.Add("catalog caught up", JsonFields.Flag(doc, "catalogCaughtUp") switch { true => "yes", false => "no", null => null });
        table.Add("last inventory sweep (UTC)", JsonFields.Text(doc, "lastSweepUtc"));
        table.WriteTo(stdout);
        stdout.WriteLine(Verdict(doc));
    }

    private static string Verdict(JsonNode doc)
    {
        var under = JsonFields.Long(doc, "underReplicated") ?? 0;
        var corrupt = JsonFields.Long(doc, "corrupt") ?? 0;
        var repairs = JsonFields.Long(doc, "repairsInFlight") ?? 0;
        if (JsonFields.Flag(doc, "catalogCaughtUp") == false)
        {
            return "not yet known: the coordinator is still reading the catalog; retry";
        }

        return under == 0 && corrupt == 0 && repairs == 0
            ? $"ok: all {JsonFields.Long(doc, "instances") ?? 0} instances have at least 3 live copies"
            : $"degraded: {under} under-replicated, {corrupt} corrupt, {repairs} repairs in flight";
    }
}
