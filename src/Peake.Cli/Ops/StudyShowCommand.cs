using System.Globalization;
using System.Text.Json.Nodes;

namespace Peake.Cli.Ops;

/// <summary>
/// `peake study show UID`: a study's series and instances as the catalog holds them (GET /studies/{uid}), each
/// instance with its size, content hash and the live copies the replication coordinator knows (node and site), and
/// the study's last access (ADR 0033). --json prints the node's document unchanged: <c>{studyInstanceUid,
/// patientMasterId, homeSite, series: [{seriesInstanceUid, instances: [{sopInstanceUid, sopClassUid,
/// transferSyntaxUid, hash, size, copies: [{node, site}], olderVersions: [...]}]}], lastAccess: {atUtc, hospital, via,
/// count} or null}</c>.
/// </summary>
internal static class StudyShowCommand
{
    public const string Words = "study show";

    /// <summary>Enough of the hash to tell blobs apart in a table; --json has all 64 digits.</summary>
    private const int HashShown = 16;

    public static int Run(string[] args, TextWriter stdout)
    {
        var a = OpsArguments.Parse(args);
        if (a.Positional.Count != 1)
        {
            throw new UsageException("needs one Study Instance UID");
        }

        var uid = a.Positional[0].Trim();
        if (!Peake.Dicom.DicomUid.IsValid(uid))
        {
            throw new UsageException($"'{uid}' is not a UID (PS3.5 9.1: digits and dots, at most 64 characters)");
        }

        return OpsCommand.Run(Words, a, async (client, ct) =>
        {
            var doc = await client.GetAsync($"/studies/{uid}", $"no study {uid}", ct);
            if (a.Switch("--json"))
            {
                OpsCommand.WriteJson(stdout, doc);
                return 0;
            }

            stdout.WriteLine($"study {JsonFields.Text(doc, "studyInstanceUid")}  patient {JsonFields.Text(doc, "patientMasterId") ?? "-"}  home site {JsonFields.Text(doc, "homeSite") ?? "-"}");
            stdout.WriteLine(LastAccess((doc as JsonObject)?["lastAccess"]));
            int instances = 0, complete = 0;
            long bytes = 0;
            foreach (var series in JsonFields.Items(doc, "series"))
            {
                stdout.WriteLine();
                stdout.WriteLine($"series {JsonFields.Text(series, "seriesInstanceUid")}");
                var table = new TextTable("SOP INSTANCE UID", "SIZE", "HASH", "COPIES", "ON");
                foreach (var instance in JsonFields.Items(series, "instances"))
                {
                    var copies = JsonFields.Items(instance, "copies").ToList();
                    var size = JsonFields.Long(instance, "size");
                    var hash = JsonFields.Text(instance, "hash");
                    var on = string.Join(", ", copies.Select(c => $"{JsonFields.Text(c, "site")} {JsonFields.Text(c, "node")}"));
                    table.Add(JsonFields.Text(instance, "sopInstanceUid"), size?.ToString(CultureInfo.InvariantCulture),
                        hash is { Length: > HashShown } ? hash[..HashShown] + "…" : hash,
                        copies.Count.ToString(CultureInfo.InvariantCulture), on.Length > 0 ? on : null);
                    instances++;
                    bytes += size ?? 0;
                    complete += copies.Count >= 3 ? 1 : 0;
                }

                table.WriteTo(stdout);
            }

            stdout.WriteLine();
            stdout.WriteLine($"{instances} instances, {bytes.ToString(CultureInfo.InvariantCulture)} bytes; {complete} with 3 or more live copies, {instances - complete} with fewer");
            return 0;
        });
    }

    // A node before ADR 0033 sends no lastAccess: the same line as for a study never retrieved.
    private static string LastAccess(JsonNode? access)
    {
        if (JsonFields.Text(access, "atUtc") is not { } at)
        {
            return "last access never";
        }

        var count = JsonFields.Long(access, "count")?.ToString(CultureInfo.InvariantCulture);
        return $"last access {at} by {JsonFields.Text(access, "hospital")} ({JsonFields.Text(access, "via")}), {count} access records";
    }
}
