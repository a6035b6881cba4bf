using System.Net;
using System.Net.Http.Json;
using System.Text;
using Peake.Management.Contracts;
using Peake.Node.Tests.Cluster;

namespace Peake.Node.Tests.Patients;

/// <summary>
/// Nodes of one cluster sharing one SQLite journal (as make run and a real deployment share one database: a record
/// whose shard moves must replay on its new node), and the patient routes as a test calls them.
/// </summary>
internal static class PatientNodes
{
    /// <summary>One node per site; the first seeds itself, the others join it; all on one journal file.</summary>
    public static async Task<IReadOnlyList<NodeProcess>> StartAsync(TestCluster cluster, params string[] sites)
    {
        var journal = $"Data Source={cluster.PathOf("journal.db")}";
        var first = cluster.StartAlone(sites[0], "--db-connection", journal);
        List<NodeProcess> nodes = [first, .. sites.Skip(1).Select(site =>
            cluster.StartAlone(site, "--db-connection", journal, "--seed", first.Address))];
        await cluster.AllSeeUp(nodes, nodes);
        // The index starts after the routes exist (503 until then); 404 for an unknown identifier means it answers.
        foreach (var node in nodes)
        {
            await Eventually.Until(
                async () => (await node.Http.GetAsync("/patients?issuer=PROBE&patientId=nobody")).StatusCode,
                s => s == HttpStatusCode.NotFound, TestCluster.Bound, $"{node.Address} answers patient look-ups");
        }
        return nodes;
    }

    public static Task<HttpResponseMessage> PostJson(NodeProcess node, string path, string json) =>
        node.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> Post(NodeProcess node, string path, object body) =>
        node.Http.PostAsJsonAsync(path, body);

    /// <summary>The person's view from a call that must succeed (the failure shows the node's reason).</summary>
    public static async Task<PatientResponse> View(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize<PatientResponse>(text, Json)!;
    }

    public static async Task AssertError(HttpStatusCode expected, Task<HttpResponseMessage> call, string mentions)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        var error = System.Text.Json.JsonSerializer.Deserialize<ErrorResponse>(text, Json);
        Assert.Contains(mentions, error!.Error, StringComparison.Ordinal);
    }

    /// <summary>The record part of a view as text (the hosting node may differ between asks; lists compare by content).</summary>
    public static string Record(PatientResponse view) =>
        System.Text.Json.JsonSerializer.Serialize(view with { Address = null, Site = null }, Json);

    public static Task<HttpResponseMessage> Resolve(NodeProcess node, string issuer, string patientId, string site,
        string? name = null, string? birthDate = null, string? sex = null) =>
        Post(node, "/patients/resolve", new ResolvePatientRequest(issuer, patientId, site, name, birthDate, sex));

    public static Task<HttpResponseMessage> ByIdentifier(NodeProcess node, string issuer, string patientId) =>
        node.Http.GetAsync($"/patients?issuer={Uri.EscapeDataString(issuer)}&patientId={Uri.EscapeDataString(patientId)}");

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);
}
