using System.Net;
using System.Text.Json;
using Peake.Management.Contracts;
using Peake.Node.Tests.Cluster;
using Xunit.Abstractions;
using static Peake.Node.Tests.Patients.PatientNodes;

namespace Peake.Node.Tests.Patients;

/// <summary>The patient routes of real peake-node processes of two sites sharing one journal (ADR 0022).</summary>
[Trait("Category", "Process")]
public sealed class PatientRoutesTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestCluster _cluster = new(output);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task Given_two_sites_When_both_resolve_new_identifiers_at_once_Then_each_gets_one_master_id_that_any_node_locates()
    {
        var (east, central) = await TwoSites();

        // Issuers of either site and of none: the identifier's home is one of them or a site with no node at all.
        string[] issuers = ["POTOMAC_PACS", "LAKESHORE_PACS", "COUNTY_REGISTRY", "ST_ELSEWHERE"];
        var races = issuers.Select(async issuer =>
        {
            var views = await Task.WhenAll(
                View(Resolve(east, issuer, "MRN-RACE", "east", "Doe^Jane")),
                View(Resolve(central, issuer, "MRN-RACE", "central")));
            return (issuer, views);
        });
        foreach (var (issuer, views) in await Task.WhenAll(races))
        {
            Assert.Equal(views[0].MasterId, views[1].MasterId);
            Assert.Contains(views[0].HomeSite, new[] { "east", "central" });
            foreach (var node in new[] { east, central })
            {
                var byId = await View(node.Http.GetAsync($"/patients/{views[0].MasterId}"));
                var byIdentifier = await View(ByIdentifier(node, issuer, "MRN-RACE"));
                Assert.Equal(views[0].MasterId, byId.MasterId);
                Assert.Equal(Record(byId), Record(byIdentifier));
                Assert.Equal([new PatientIdentifierDto(issuer, "MRN-RACE")], byId.Identifiers);
                Assert.Equal("Doe^Jane", byId.Name);
            }
        }

        // The hosting node: the record's home site's node, as both nodes see it once the directory has spread.
        var potomac = await View(ByIdentifier(central, "POTOMAC_PACS", "MRN-RACE"));
        foreach (var node in new[] { east, central })
        {
            var hosted = await Eventually.Until(() => View(node.Http.GetAsync($"/patients/{potomac.MasterId}")),
                v => v.Address is not null, TestCluster.Bound, $"{node.Address} names the node hosting {potomac.MasterId}");
            var home = potomac.HomeSite == "east" ? east : central;
            Assert.Equal((home.Address, home.Site), (hosted.Address, hosted.Site));
        }
    }

    [Fact]
    public async Task Given_two_sites_When_link_unlink_and_merge_go_through_HTTP_Then_views_and_statuses_follow_ADR_0016()
    {
        var (east, central) = await TwoSites();
        var jane = await View(Resolve(east, "POTOMAC_PACS", "E-1", "east", "Doe^Jane", "1980-02-03", "F"));
        var janeAtLakeshore = await View(Resolve(central, "LAKESHORE_PACS", "C-7", "central", "DOE^JANE"));
        Assert.Equal(("east", "1980-02-03", "F", (string?)null), (jane.HomeSite, jane.BirthDate, jane.Sex, jane.MergedInto));
        Assert.NotEqual(jane.MasterId, janeAtLakeshore.MasterId);

        // Link a never-seen identifier to Jane, from the other site: the target's view lists it.
        var linked = await View(Post(central, "/patients/link", new LinkPatientRequest("PRAIRIE_CT", "P-3", jane.MasterId)));
        Assert.Equal(jane.MasterId, linked.MasterId);
        Assert.Contains(new PatientIdentifierDto("PRAIRIE_CT", "P-3"), linked.Identifiers);

        // Unlink it again: a new person of its own; Jane keeps her first identifier and her demographics.
        var split = await View(Post(east, "/patients/unlink", new UnlinkPatientRequest("PRAIRIE_CT", "P-3")));
        Assert.NotEqual(jane.MasterId, split.MasterId);
        Assert.Equal([new PatientIdentifierDto("PRAIRIE_CT", "P-3")], split.Identifiers);
        Assert.Equal(jane.MasterId, (await View(ByIdentifier(east, "POTOMAC_PACS", "E-1"))).MasterId);
        Assert.Equal(split.MasterId, (await View(ByIdentifier(central, "PRAIRIE_CT", "P-3"))).MasterId);

        // Unlinking a person's only identifier would lose the person: refused with the reason.
        await AssertError(HttpStatusCode.Conflict, Post(central, "/patients/unlink", new UnlinkPatientRequest("PRAIRIE_CT", "P-3")),
            "only identifier");

        // Merge the Lakeshore record into Jane: the survivor lists both identifiers and keeps her demographics.
        var survivor = await View(Post(central, "/patients/merge", new MergePatientsRequest(jane.MasterId, janeAtLakeshore.MasterId)));
        Assert.Equal(jane.MasterId, survivor.MasterId);
        Assert.Equal(
            new[] { new PatientIdentifierDto("LAKESHORE_PACS", "C-7"), new PatientIdentifierDto("POTOMAC_PACS", "E-1") },
            survivor.Identifiers.OrderBy(i => i.Issuer, StringComparer.Ordinal));
        Assert.Equal("Doe^Jane", survivor.Name);

        // The merged id, from either node: the survivor's view by default, the tombstone with ?follow=false.
        foreach (var node in new[] { east, central })
        {
            Assert.Equal(jane.MasterId, (await View(node.Http.GetAsync($"/patients/{janeAtLakeshore.MasterId}"))).MasterId);
            var tombstone = await View(node.Http.GetAsync($"/patients/{janeAtLakeshore.MasterId}?follow=false"));
            Assert.Equal((janeAtLakeshore.MasterId, jane.MasterId), (tombstone.MasterId, tombstone.MergedInto));
            Assert.Empty(tombstone.Identifiers);
            Assert.Null(tombstone.Name);
            Assert.Equal(jane.MasterId, (await View(ByIdentifier(node, "LAKESHORE_PACS", "C-7"))).MasterId);
        }

        // Repeating the merge is harmless; merging into the tombstone, or a record into itself, is refused.
        Assert.Equal(jane.MasterId,
            (await View(Post(east, "/patients/merge", new MergePatientsRequest(jane.MasterId, janeAtLakeshore.MasterId)))).MasterId);
        await AssertError(HttpStatusCode.Conflict,
            Post(east, "/patients/merge", new MergePatientsRequest(janeAtLakeshore.MasterId, split.MasterId)), "merged into");
        await AssertError(HttpStatusCode.Conflict,
            Post(east, "/patients/merge", new MergePatientsRequest(jane.MasterId, jane.MasterId)), "itself");
        await AssertError(HttpStatusCode.NotFound,
            Post(east, "/patients/link", new LinkPatientRequest("PRAIRIE_CT", "P-3", new string('0', 32))), "No patient");
    }

    [Fact]
    public async Task Given_two_sites_When_both_link_one_identifier_to_different_persons_at_once_Then_exactly_one_lists_it_everywhere()
    {
        var (east, central) = await TwoSites();
        var a = await View(Resolve(east, "POTOMAC_PACS", "A-1", "east"));
        var b = await View(Resolve(central, "LAKESHORE_PACS", "B-1", "central"));
        var c = await View(Resolve(central, "PRAIRIE_CT", "X-1", "central"));
        await View(Post(central, "/patients/link", new LinkPatientRequest("PRAIRIE_CT", "X-2", c.MasterId)));

        // Each link either wins or is told to repeat (409); neither may leave the identifier on two persons.
        var answers = await Task.WhenAll(
            Post(east, "/patients/link", new LinkPatientRequest("PRAIRIE_CT", "X-1", a.MasterId)),
            Post(central, "/patients/link", new LinkPatientRequest("PRAIRIE_CT", "X-1", b.MasterId)));
        Assert.All(answers, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(answers, r => r.StatusCode == HttpStatusCode.OK);

        var owner = (await View(ByIdentifier(east, "PRAIRIE_CT", "X-1"))).MasterId;
        Assert.Contains(owner, new[] { a.MasterId, b.MasterId });
        foreach (var node in new[] { east, central })
        {
            Assert.Equal(owner, (await View(ByIdentifier(node, "PRAIRIE_CT", "X-1"))).MasterId);
            foreach (var person in new[] { a, b, c })
            {
                var listed = (await View(node.Http.GetAsync($"/patients/{person.MasterId}"))).Identifiers;
                Assert.Equal(person.MasterId == owner, listed.Contains(new PatientIdentifierDto("PRAIRIE_CT", "X-1")));
            }
            Assert.Equal([new PatientIdentifierDto("PRAIRIE_CT", "X-2")],
                (await View(node.Http.GetAsync($"/patients/{c.MasterId}"))).Identifiers);
        }
    }

    [Fact]
    public async Task Given_a_node_When_patient_routes_get_bad_or_hostile_input_Then_4xx_with_reasons_and_the_node_keeps_serving()
    {
        var node = (await PatientNodes.StartAsync(_cluster, "east")).Single();
        var someone = await View(Resolve(node, "POTOMAC_PACS", "OK-1", "east"));
        var id = someone.MasterId;

        await AssertError(HttpStatusCode.BadRequest, node.Http.GetAsync("/patients/not-an-id"), "32 hex digits");
        await AssertError(HttpStatusCode.BadRequest, node.Http.GetAsync("/patients/a%5Cb%5C"), "32 hex digits");
        await AssertError(HttpStatusCode.BadRequest, node.Http.GetAsync($"/patients/{id}?follow=maybe"), "follow");
        await AssertError(HttpStatusCode.NotFound, node.Http.GetAsync($"/patients/{new string('f', 32)}"), "No patient");
        Assert.Equal(id, (await View(node.Http.GetAsync($"/patients/{id.ToUpperInvariant()}"))).MasterId);
        await AssertError(HttpStatusCode.BadRequest, node.Http.GetAsync("/patients?issuer=POTOMAC_PACS"), "Patient ID is empty");
        await AssertError(HttpStatusCode.BadRequest, ByIdentifier(node, "POTOMAC\\PACS", "OK-1"), "backslash");
        await AssertError(HttpStatusCode.BadRequest, ByIdentifier(node, "POTOMAC_PACS", new string('9', 65)), "64");
        await AssertError(HttpStatusCode.NotFound, ByIdentifier(node, "POTOMAC_PACS", "NEVER"), "never resolved");

        await AssertError(HttpStatusCode.BadRequest, Resolve(node, "POTOMAC_PACS", "N-1", "atlantis"), "atlantis");
        await AssertError(HttpStatusCode.BadRequest, Resolve(node, "POTOMAC_PACS", "N-1", "east", birthDate: "03/02/1980"), "yyyy-MM-dd");
        await AssertError(HttpStatusCode.BadRequest, Resolve(node, "POTOMAC_PACS", "N-1", "east", sex: "female"), "M, F or O");
        await AssertError(HttpStatusCode.BadRequest, Resolve(node, "POTOMAC_PACS", "N-1", "east", name: "A=B=C=D"), "PN");
        await AssertError(HttpStatusCode.BadRequest, Resolve(node, "POTOMAC_PACS", "N-1", "east", name: "Doe^Jane\\Roe"), "PN");
        await AssertError(HttpStatusCode.BadRequest, Resolve(node, "", "N-1", "east"), "Issuer of Patient ID is empty");
        await AssertError(HttpStatusCode.BadRequest, PostJson(node, "/patients/link", """{"issuer":5,"patientId":"N-1"}"""), "$.issuer");
        await AssertError(HttpStatusCode.BadRequest, PostJson(node, "/patients/merge", """["survivor","merged"]"""), "JSON object");
        await AssertError(HttpStatusCode.BadRequest, PostJson(node, "/patients/unlink", "{\"issuer\":"), "JSON object");
        await AssertError(HttpStatusCode.BadRequest, PostJson(node, "/patients/unlink", ""), "JSON object");
        await AssertError(HttpStatusCode.BadRequest, PostJson(node, "/patients/unlink", "null"), "JSON object");
        await AssertError(HttpStatusCode.BadRequest,
            Post(node, "/patients/link", new LinkPatientRequest("A\\B", "N-1", id)), "backslash");
        await AssertError(HttpStatusCode.BadRequest,
            Post(node, "/patients/link", new LinkPatientRequest("POTOMAC_PACS", "N-1", "zz")), "masterId");
        await AssertError(HttpStatusCode.BadRequest,
            Post(node, "/patients/merge", new MergePatientsRequest(id, null)), "merged");
        var deep = new string('[', 5000) + new string(']', 5000);
        await AssertError(HttpStatusCode.BadRequest, PostJson(node, "/patients/resolve", deep), "JSON object");
        var huge = JsonSerializer.Serialize(new UnlinkPatientRequest("POTOMAC_PACS", new string('x', 1_000_000)));
        await AssertError(HttpStatusCode.RequestEntityTooLarge, PostJson(node, "/patients/unlink", huge), "larger than");
        // Chunked, so no Content-Length to refuse up front: counted while read.
        using var chunked = new StreamContent(new UnseekableStream(System.Text.Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new("application/json");
        await AssertError(HttpStatusCode.RequestEntityTooLarge, node.Http.PostAsync("/patients/unlink", chunked), "larger than");

        // Nothing above changed the index, and the node still answers.
        Assert.Equal(Record(someone), Record(await View(ByIdentifier(node, "POTOMAC_PACS", "OK-1"))));
        await AssertError(HttpStatusCode.NotFound, ByIdentifier(node, "POTOMAC_PACS", "N-1"), "never resolved");
        Assert.Equal(200, (await node.ReadyAsync()).Status);
    }

    private async Task<(NodeProcess East, NodeProcess Central)> TwoSites()
    {
        var nodes = await PatientNodes.StartAsync(_cluster, "east", "central");
        return (nodes[0], nodes[1]);
    }

    // A body of unknown length: HttpClient sends it chunked.
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
