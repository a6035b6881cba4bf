using System.Net;
using Peake.Node.Tests.Cluster;
using Peake.Node.Tests.Ingest;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Metrics;

/// <summary>One real peake-node: GET /metrics without the management token (ADR 0034).</summary>
[Trait("Category", "Process")]
public sealed class NodeMetricsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestCluster _cluster = new(output);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task Given_a_ready_node_that_answered_a_C_FIND_When_metrics_are_scraped_without_a_token_Then_valid_text_has_the_projection_lag_and_the_find_and_ready_shows_the_lag()
    {
        var node = _cluster.Start("east").Single();
        await Eventually.Until(node.ReadyAsync, r => r.Status == 200, TestCluster.Bound, "node ready");
        var find = await DcmtkRun.RunAsync(
            "findscu", "-S", "-aet", "POTOMAC_PACS", "-aec", "PEAKE_EAST", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=NOBODY", node.Ip, $"{node.DicomPort}");
        Assert.True(find.ExitCode == 0, find.ToString());

        using var anonymous = new HttpClient { BaseAddress = node.Http.BaseAddress };
        using var response = await anonymous.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var scraped = PrometheusExposition.Parse(text);
        Assert.Equal("gauge", scraped.Families["peake_query_projection_lag_events"].Type);
        Assert.Equal("gauge", scraped.Families["peake_query_projection_lag_seconds"].Type);
        // Ready means the read model is within its bounds: the lag was measured, not left out as unknown.
        Assert.InRange(scraped.Value("peake_query_projection_lag_events"), 0, 10_000);
        Assert.InRange(scraped.Value("peake_query_projection_lag_seconds"), 0, 60);
        Assert.True(scraped.Value("peake_query_cfind_total", ("level", "study"), ("status", "0000")) >= 1, text);
        // /ready shows the same lag in its details while ready.
        var (status, ready) = await node.ReadyAsync();
        Assert.Equal(200, status);
        Assert.Matches(@"^the read model is \d+ instances \(\d+ s\) behind the catalog$", ready!.Details!["query-projection"]);
        // Only /metrics is open: the management routes still want the token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/cluster/members")).StatusCode);
    }

    [Fact]
    public async Task Given_max_results_of_1_and_two_stored_studies_When_findscu_lists_them_Then_one_answer_out_of_resources_a_log_line_and_a_count()
    {
        var node = _cluster.StartAlone("east", "--write-quorum", "1", "--hocon", "peake.query.max-results = 1");
        await Eventually.Until(node.ReadyAsync, r => r.Status == 200, TestCluster.Bound, "node ready");
        var folder = Directory.CreateDirectory(_cluster.PathOf("limit")).FullName;
        const string root = "1.2.826.0.1.3680043.10.97";
        foreach (var study in new[] { "1", "2" })
        {
            var file = await DcmtkRun.WriteInstanceAsync(folder, "LIMIT1", $"{root}.{study}", $"{root}.{study}.1", $"{root}.{study}.1.1");
            var stored = await DcmtkRun.RunAsync("storescu", "-aet", "POTOMAC_PACS", "-aec", "PEAKE_EAST", node.Ip, $"{node.DicomPort}", file);
            Assert.True(stored.ExitCode == 0, stored.ToString());
        }

        // Both catalog events applied to the read model before the query.
        using var anonymous = new HttpClient { BaseAddress = node.Http.BaseAddress };
        await Eventually.Until(
            async () => PrometheusExposition.Parse(await anonymous.GetStringAsync("/metrics")),
            m => m.Families["peake_query_projection_lag_events"].Samples is [{ Value: 0 }],
            TestCluster.Bound,
            "the read model caught up");
        var answers = Directory.CreateDirectory(Path.Combine(folder, "answers")).FullName;
        var find = await DcmtkRun.RunAsync(
            "findscu", "-v", "-S", "-aet", "POTOMAC_PACS", "-aec", "PEAKE_EAST", "-X", "-od", answers,
            "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=LIMIT1", "-k", "StudyInstanceUID", node.Ip, $"{node.DicomPort}");
        var metrics = PrometheusExposition.Parse(await anonymous.GetStringAsync("/metrics"));

        Assert.True(find.ExitCode == 0, find.ToString());
        Assert.Single(Directory.GetFiles(answers, "rsp*.dcm"));
        Assert.Contains("Final Find Response (Refused: OutOfResources)", find.StandardOutput + find.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, metrics.Value("peake_query_cfind_limit_reached_total", ("level", "study")));
        await Eventually.Until(() => node.Output.Contains("matched more than the result limit of 1", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the cut logged");
    }
}
