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
    public async Task Given_a_ready_node_that_answered_a_C_FIND_When_metrics_are_scraped_without_a_token_Then_valid_text_has_the_projection_lag_and_the_find()
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
        // Only /metrics is open: the management routes still want the token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/cluster/members")).StatusCode);
    }
}
