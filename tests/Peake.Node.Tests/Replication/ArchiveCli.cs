using System.Text.Json;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Node.Tests.Replication;

/// <summary>One copy of an instance as the archive reports it: the node (its address) and that node's site.</summary>
internal sealed record ReportedCopy(string Node, string Site);

/// <summary>One instance of `peake study show --json`.</summary>
internal sealed record ReportedInstance(string SopInstanceUid, string Hash, long Size, IReadOnlyList<ReportedCopy> Copies);

/// <summary>`peake replicas check --json`.</summary>
internal sealed record ReplicaCheck(long Instances, long UnderReplicated, long OverReplicated, long Corrupt, long RepairsInFlight, string Json);

/// <summary>
/// The ops commands of issue 5 run as real `peake` processes against one node's management HTTP (the JSON documents
/// operators script against), and the same study document read straight from GET /studies/{uid} where a test polls
/// many times a second (a `peake` process costs a few hundred milliseconds to start).
/// </summary>
internal static class ArchiveCli
{
    // An upper bound only: `node drain --wait` runs as long as its own --wait-timeout.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    public static async Task<PeerResult> RunAsync(ArchiveCluster cluster, ArchiveNode via, params string[] command) =>
        await PeakeProcess.RunAsync([.. command, "--node", via.Management, "--token-file", cluster.TokenFile], Bound);

    /// <summary>The study's instances with their copies, or null when the command fails (e.g. the study is not known yet).</summary>
    public static async Task<IReadOnlyList<ReportedInstance>?> StudyAsync(ArchiveCluster cluster, ArchiveNode via, string studyUid)
    {
        var result = await RunAsync(cluster, via, "study", "show", studyUid, "--json");
        return result.ExitCode == 0 ? Instances(result.StandardOutput) : null;
    }

    /// <summary>GET /studies/{uid} (the route behind `peake study show`), or null when not 200.</summary>
    public static async Task<IReadOnlyList<ReportedInstance>?> StudyOverHttpAsync(ArchiveNode via, string studyUid)
    {
        using var response = await via.Process.Http.GetAsync($"/studies/{Uri.EscapeDataString(studyUid)}");
        return response.IsSuccessStatusCode ? Instances(await response.Content.ReadAsStringAsync()) : null;
    }

    public static async Task<ReplicaCheck> ReplicasCheckAsync(ArchiveCluster cluster, ArchiveNode via)
    {
        var result = await RunAsync(cluster, via, "replicas", "check", "--json");
        Assert.True(result.ExitCode == 0, $"peake replicas check: {result}");
        return ParseCheck(result.StandardOutput);
    }

    public static async Task<ReplicaCheck?> TryReplicasCheckAsync(ArchiveCluster cluster, ArchiveNode via)
    {
        var result = await RunAsync(cluster, via, "replicas", "check", "--json");
        return result.ExitCode == 0 ? ParseCheck(result.StandardOutput) : null;
    }

    /// <summary>Every instance of the corpus's studies as reported by <paramref name="via"/> (sop instance UID → instance).</summary>
    public static async Task<Dictionary<string, ReportedInstance>> ReportedAsync(ArchiveCluster cluster, ArchiveNode via, IEnumerable<CorpusInstance> corpus, bool overHttp = false)
    {
        var all = new Dictionary<string, ReportedInstance>(StringComparer.Ordinal);
        foreach (var study in corpus.Select(c => c.StudyUid).Distinct())
        {
            var instances = overHttp ? await StudyOverHttpAsync(via, study) : await StudyAsync(cluster, via, study);
            foreach (var instance in instances ?? [])
                all[instance.SopInstanceUid] = instance;
        }
        return all;
    }

    /// <summary>Instances found anywhere in the document: each object with a sopInstanceUid (series nesting aside).</summary>
    public static IReadOnlyList<ReportedInstance> Instances(string json)
    {
        var found = new List<ReportedInstance>();
        using var document = JsonDocument.Parse(json);
        Collect(document.RootElement, found);
        return found;
    }

    private static void Collect(JsonElement element, List<ReportedInstance> found)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                Collect(item, found);
            return;
        }
        if (element.ValueKind != JsonValueKind.Object)
            return;
        if (Property(element, "sopInstanceUid") is { ValueKind: JsonValueKind.String } sop)
        {
            var copies = Property(element, "copies") is { ValueKind: JsonValueKind.Array } list
                ? list.EnumerateArray().Select(c => new ReportedCopy(
                    (Property(c, "node") ?? Property(c, "address"))?.GetString() ?? "",
                    Property(c, "site")?.GetString() ?? "")).ToList()
                : [];
            found.Add(new ReportedInstance(sop.GetString()!, Property(element, "hash")?.GetString() ?? "",
                Property(element, "size") is { ValueKind: JsonValueKind.Number } size ? size.GetInt64() : -1, copies));
            return;
        }
        foreach (var property in element.EnumerateObject())
            Collect(property.Value, found);
    }

    private static ReplicaCheck ParseCheck(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        long Field(string name) => Property(root, name) is { ValueKind: JsonValueKind.Number } v
            ? v.GetInt64()
            : throw new InvalidOperationException($"replicas check: no number '{name}' in {json}");
        return new ReplicaCheck(Field("instances"), Field("underReplicated"), Field("overReplicated"), Field("corrupt"), Field("repairsInFlight"), json.Trim());
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                return property.Value;
        }
        return null;
    }
}
