using System.Diagnostics.Metrics;
using Peake.Management.Metrics;

namespace Peake.Node.Tests.Metrics;

/// <summary>The /metrics exporter over System.Diagnostics.Metrics, read back with a strict parser of the 0.0.4 text format.</summary>
public sealed class MetricsCollectorTests
{
    [Fact]
    public void Given_counters_a_histogram_and_gauges_When_scraped_Then_the_text_is_valid_and_holds_their_values()
    {
        using var meter = new Meter("Peake.Test." + Guid.NewGuid().ToString("N"));
        using var collector = new MetricsCollector(m => m == meter);
        var finds = meter.CreateCounter<long>("peake_test_finds_total", description: "Finds \\ by level\nand status");
        var bytes = meter.CreateCounter<double>("peake_test_bytes");
        var seconds = meter.CreateHistogram<double>("peake_test_seconds", "s", "Durations", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        var open = meter.CreateUpDownCounter<int>("peake_test_open");
        meter.CreateObservableGauge("peake_test_lag_events", () => new Measurement<long>(42, new KeyValuePair<string, object?>("stream", "instance")), description: "Lag");

        finds.Add(2, new("level", "study"), new("status", "0000"));
        finds.Add(1, new("status", "0000"), new("level", "study"));
        finds.Add(1, new("level", "series"), new("status", "A700"));
        bytes.Add(1.5);
        foreach (var value in new[] { 0.05, 0.1, 0.5, 2, 20 })
            seconds.Record(value, new KeyValuePair<string, object?>("tag", "instance"));
        open.Add(3);
        open.Add(-1);

        var text = collector.Scrape();
        var scraped = PrometheusExposition.Parse(text);

        Assert.Equal(["peake_test_bytes_total", "peake_test_finds_total", "peake_test_lag_events", "peake_test_open", "peake_test_seconds"], scraped.Families.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("counter", scraped.Families["peake_test_finds_total"].Type);
        Assert.Equal("Finds \\ by level\nand status", scraped.Families["peake_test_finds_total"].Help);
        // The same labels in another order are the same series.
        Assert.Equal(3, scraped.Value("peake_test_finds_total", ("level", "study"), ("status", "0000")));
        Assert.Equal(1, scraped.Value("peake_test_finds_total", ("level", "series"), ("status", "A700")));
        Assert.Equal(1.5, scraped.Value("peake_test_bytes_total"));
        Assert.Equal(("gauge", 2.0), (scraped.Families["peake_test_open"].Type, scraped.Value("peake_test_open")));
        Assert.Equal(("gauge", 42.0), (scraped.Families["peake_test_lag_events"].Type, scraped.Value("peake_test_lag_events", ("stream", "instance"))));
        Assert.Equal("histogram", scraped.Families["peake_test_seconds"].Type);
        // le is an upper bound (<=): 0.05 and 0.1 in 0.1, 0.5 in 1, 2 in 10, 20 only in +Inf.
        Assert.Equal([2.0, 3, 4, 5], new[] { "0.1", "1", "10", "+Inf" }.Select(le => scraped.Value("peake_test_seconds_bucket", ("le", le))));
        Assert.Equal(5, scraped.Value("peake_test_seconds_count"));
        Assert.Equal(22.65, scraped.Value("peake_test_seconds_sum"), 6);
    }

    [Fact]
    public void Given_label_values_with_quotes_backslashes_and_newlines_When_scraped_Then_they_are_escaped_and_read_back_unchanged()
    {
        using var meter = new Meter("Peake.Test." + Guid.NewGuid().ToString("N"));
        using var collector = new MetricsCollector(m => m == meter);
        var requests = meter.CreateCounter<long>("peake_test_requests_total");
        const string nasty = "a\"b\\c\nd}e,f=g";

        requests.Add(1, new KeyValuePair<string, object?>("route", nasty), new KeyValuePair<string, object?>("bad-label.name", 7));

        var text = collector.Scrape();

        Assert.Contains("route=\"a\\\"b\\\\c\\nd}e,f=g\"", text, StringComparison.Ordinal);
        var sample = Assert.Single(PrometheusExposition.Parse(text).Families["peake_test_requests_total"].Samples);
        Assert.Equal(nasty, sample.Labels["route"]);
        Assert.Equal("7", sample.Labels["bad_label_name"]);
    }

    [Fact]
    public void Given_an_observable_gauge_When_it_stops_reporting_a_series_Then_the_next_scrape_no_longer_has_it()
    {
        using var meter = new Meter("Peake.Test." + Guid.NewGuid().ToString("N"));
        using var collector = new MetricsCollector(m => m == meter);
        var report = true;
        var value = 5L;
        meter.CreateObservableGauge("peake_test_lag_seconds", () => report ? [new Measurement<long>(value)] : Array.Empty<Measurement<long>>());

        var first = PrometheusExposition.Parse(collector.Scrape());
        value = 9;
        var second = PrometheusExposition.Parse(collector.Scrape());
        report = false;
        var third = PrometheusExposition.Parse(collector.Scrape());

        Assert.Equal(5, first.Value("peake_test_lag_seconds"));
        Assert.Equal(9, second.Value("peake_test_lag_seconds"));
        Assert.Empty(third.Families["peake_test_lag_seconds"].Samples);
    }

    [Fact]
    public void Given_the_default_filter_When_a_foreign_meter_records_Then_only_Peake_meters_are_exported()
    {
        using var ours = new Meter("Peake.Test." + Guid.NewGuid().ToString("N"));
        using var foreign = new Meter("Other.Test." + Guid.NewGuid().ToString("N"));
        using var collector = new MetricsCollector();
        var name = "peake_test_" + Guid.NewGuid().ToString("N") + "_total";
        ours.CreateCounter<long>(name).Add(1);
        foreign.CreateCounter<long>("foreign_" + name).Add(1);

        var scraped = PrometheusExposition.Parse(collector.Scrape());

        Assert.Equal(1, scraped.Value(name));
        Assert.DoesNotContain("foreign_" + name, scraped.Families.Keys);
    }
}
