using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Peake.Cli.Tests.Infrastructure;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Management.Contracts;
using Peake.Node.Tests.Cluster;

namespace Peake.Cli.Tests.Patients;

/// <summary>
/// `peake patient locate|link|unlink|merge` (the real CLI process) against real nodes of two sites sharing one
/// journal: tables and --json, and the nodes' refusals as one line.
/// </summary>
[Trait("Category", "Process")]
public sealed class PatientCommandTests : IAsyncLifetime
{
    private PatientOpsCluster? _cluster;

    private PatientOpsCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster did not start");

    private NodeProcess East => Cluster.Nodes[0];

    private NodeProcess Central => Cluster.Nodes[1];

    public async Task InitializeAsync() => _cluster = await PatientOpsCluster.StartAsync("east", "central");

    public Task DisposeAsync()
    {
        _cluster?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Locate_by_master_id_and_by_identifier_prints_the_person_as_a_table_and_as_the_nodes_json()
    {
        var jane = await PatientOpsCluster.ResolveAsync(East, "POTOMAC_PACS", "E-1", "east", "Doe^Jane", "1980-02-03", "F");
        // The table names the hosting node once the asked node's directory replica knows the person (ADR 0022).
        await Eventually.Until(() => Central.Http.GetFromJsonAsync<PatientResponse>($"/patients/{jane.MasterId}"),
            v => v?.Address is not null, TimeSpan.FromSeconds(30), "central names the node hosting Jane");

        var table = await Cluster.PeakeAsync(Central, "patient", "locate", jane.MasterId.ToUpperInvariant());
        var json = await Cluster.PeakeAsync(Central, "patient", "locate", "--issuer", "POTOMAC_PACS", "--patient-id", "E-1", "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = Lines(table);
        Assert.Matches("^FIELD +VALUE$", lines[0]);
        Assert.Contains(lines, l => l == Row("master id", jane.MasterId, lines[0]));
        Assert.Contains(lines, l => l == Row("home site", "east", lines[0]));
        Assert.Contains(lines, l => l == Row("hosted at", $"{East.Address} (east)", lines[0]));
        Assert.Contains(lines, l => l == Row("name", "Doe^Jane", lines[0]));
        Assert.Contains(lines, l => l == Row("birth date", "1980-02-03", lines[0]));
        Assert.Contains(lines, l => l == Row("sex", "F", lines[0]));
        Assert.Contains(lines, l => l == Row("merged into", "-", lines[0]));
        Assert.Matches("^ISSUER +PATIENT ID$", Assert.Single(lines, l => l.StartsWith("ISSUER", StringComparison.Ordinal)));
        Assert.Matches("^POTOMAC_PACS +E-1$", Assert.Single(lines, l => l.StartsWith("POTOMAC_PACS", StringComparison.Ordinal)));
        Assert.Equal("1 identifiers", lines[^1]);

        Assert.True(json.ExitCode == 0, json.ToString());
        var doc = JsonNode.Parse(json.StandardOutput)!;
        Assert.Equal(jane.MasterId, Text(doc, "masterId"));
        Assert.Equal(("east", "Doe^Jane", "1980-02-03", "F"), (Text(doc, "homeSite"), Text(doc, "name"), Text(doc, "birthDate"), Text(doc, "sex")));
        Assert.Null(doc["mergedInto"]);
        var identifier = Assert.Single(doc["identifiers"]!.AsArray())!;
        Assert.Equal(("POTOMAC_PACS", "E-1"), (Text(identifier, "issuer"), Text(identifier, "patientId")));
    }

    [Fact]
    public async Task Link_unlink_and_merge_print_the_resulting_person_and_refusals_are_one_line_with_the_nodes_reason()
    {
        var jane = await PatientOpsCluster.ResolveAsync(East, "POTOMAC_PACS", "E-1", "east", "Doe^Jane");
        var lakeshore = await PatientOpsCluster.ResolveAsync(Central, "LAKESHORE_PACS", "C-7", "central", "DOE^JANE");

        var link = await Cluster.PeakeAsync(Central, "patient", "link", "--issuer", "PRAIRIE_CT", "--patient-id", "P-3", "--to", jane.MasterId);
        Assert.True(link.ExitCode == 0, link.ToString());
        var linkLines = Lines(link);
        Assert.Contains(linkLines, l => l == Row("master id", jane.MasterId, linkLines[0]));
        Assert.Single(linkLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^PRAIRIE_CT +P-3$"));
        Assert.Equal("2 identifiers", linkLines[^1]);

        var unlink = await Cluster.PeakeAsync(East, "patient", "unlink", "--issuer", "PRAIRIE_CT", "--patient-id", "P-3", "--json");
        Assert.True(unlink.ExitCode == 0, unlink.ToString());
        var split = JsonNode.Parse(unlink.StandardOutput)!;
        Assert.NotEqual(jane.MasterId, Text(split, "masterId"));
        Assert.Equal("P-3", Text(Assert.Single(split["identifiers"]!.AsArray())!, "patientId"));

        var lastOne = await Cluster.PeakeAsync(East, "patient", "unlink", "--issuer", "PRAIRIE_CT", "--patient-id", "P-3");
        var refusal = Failure.AssertOneLine(lastOne, $"peake patient unlink: node {East.Management()} answered 409 Conflict: ");
        Assert.Contains("only identifier", refusal, StringComparison.Ordinal);

        var merge = await Cluster.PeakeAsync(Central, "patient", "merge", jane.MasterId, lakeshore.MasterId, "--json");
        Assert.True(merge.ExitCode == 0, merge.ToString());
        var survivor = JsonNode.Parse(merge.StandardOutput)!;
        Assert.Equal(jane.MasterId, Text(survivor, "masterId"));
        Assert.Equal(["C-7", "E-1"], survivor["identifiers"]!.AsArray().Select(i => Text(i!, "patientId")).Order(StringComparer.Ordinal));

        // The merged id still finds the person (the survivor); merging into it now is refused in one line.
        var viaMerged = await Cluster.PeakeAsync(East, "patient", "locate", lakeshore.MasterId, "--json");
        Assert.True(viaMerged.ExitCode == 0, viaMerged.ToString());
        Assert.Equal(jane.MasterId, Text(JsonNode.Parse(viaMerged.StandardOutput)!, "masterId"));
        var intoTombstone = await Cluster.PeakeAsync(East, "patient", "merge", lakeshore.MasterId, Text(split, "masterId")!);
        Assert.Contains("merged into", Failure.AssertOneLine(intoTombstone, "peake patient merge: "), StringComparison.Ordinal);

        // What the node rejects as input is one line with the node's reason.
        var badIssuer = await Cluster.PeakeAsync(East, "patient", "locate", "--issuer", "A\\B", "--patient-id", "1");
        Assert.Contains("backslash", Failure.AssertOneLine(badIssuer, $"peake patient locate: node {East.Management()} rejected the request (400 Bad Request): "),
            StringComparison.Ordinal);
    }

    private static string[] Lines(PeerResult result) => result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    // A FIELD/VALUE row: the value starts where the header's VALUE does.
    private static string Row(string field, string value, string header) =>
        field.PadRight(header.IndexOf("VALUE", StringComparison.Ordinal)) + value;

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();
}
