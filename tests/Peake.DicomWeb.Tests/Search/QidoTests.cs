using System.Text.Json;
using Peake.DicomWeb.Tests.Infrastructure;

namespace Peake.DicomWeb.Tests.Search;

public sealed class QidoTests
{
    private const string Json = "application/dicom+json";

    [Fact]
    public async Task Should_find_study_by_wildcard_name_and_date_range_with_required_attributes()
    {
        await using var archive = await SampleArchive.StartAsync();

        var response = await Curl.RunAsync(archive.Url("/studies?PatientName=doe%5E*&StudyDate=20200101-20201231&includefield=00081030"), Json);

        Assert.Equal(200, response.Status);
        Assert.StartsWith(Json, response.Header("Content-Type"));
        var study = Assert.Single(JsonDocument.Parse(response.Text).RootElement.EnumerateArray());
        Assert.Equal(SampleArchive.Study1, Value(study, "0020000D"));
        Assert.Equal("DOE^JOHN", study.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Equal("CT", Value(study, "00080061"));
        Assert.Equal(2, study.GetProperty("00201206").GetProperty("Value")[0].GetInt32());
        Assert.Equal(3, study.GetProperty("00201208").GetProperty("Value")[0].GetInt32());
        Assert.Equal($"{archive.Host.BaseUrl}/studies/{SampleArchive.Study1}", Value(study, "00081190"));
        foreach (var required in new[] { "00080020", "00080030", "00080050", "00080090", "00100020", "00100030", "00100040", "00200010" })
        {
            Assert.True(study.TryGetProperty(required, out _), $"required attribute {required} missing");
        }

        Assert.Equal("LO", study.GetProperty("00081030").GetProperty("vr").GetString());
        Assert.False(study.TryGetProperty("00080052", out _), "QueryRetrieveLevel is not part of a QIDO answer");
    }

    [Fact]
    public async Task Should_answer_an_empty_array_when_nothing_matches()
    {
        await using var archive = await SampleArchive.StartAsync();

        var response = await Curl.RunAsync(archive.Url("/studies?PatientID=NOBODY"), Json);

        Assert.Equal(200, response.Status);
        Assert.Equal("[]", response.Text);
    }

    [Fact]
    public async Task Should_match_a_comma_separated_uid_list_and_page_with_limit_and_offset()
    {
        await using var archive = await SampleArchive.StartAsync();
        var list = $"StudyInstanceUID={SampleArchive.Study1},{SampleArchive.Study2}";

        var all = await Curl.RunAsync(archive.Url("/studies?" + list), Json);
        var second = await Curl.RunAsync(archive.Url("/studies?" + list + "&limit=1&offset=1"), Json);

        Assert.Equal(2, JsonDocument.Parse(all.Text).RootElement.GetArrayLength());
        var only = Assert.Single(JsonDocument.Parse(second.Text).RootElement.EnumerateArray());
        Assert.Equal(SampleArchive.Study2, Value(only, "0020000D"));
    }

    [Fact]
    public async Task Should_search_series_and_instances_of_a_study_with_their_level_attributes()
    {
        await using var archive = await SampleArchive.StartAsync();

        var series = await Curl.RunAsync(archive.Url($"/studies/{SampleArchive.Study1}/series?Modality=CT"), Json);
        var instances = await Curl.RunAsync(archive.Url($"/studies/{SampleArchive.Study1}/series/{SampleArchive.Series1A}/instances"), Json);
        var bySequence = await Curl.RunAsync(archive.Url("/series?00400275.00401001=RPP2"), Json);

        var seriesList = JsonDocument.Parse(series.Text).RootElement;
        Assert.Equal(2, seriesList.GetArrayLength());
        Assert.All(seriesList.EnumerateArray(), s => Assert.Equal("CT", Value(s, "00080060")));
        Assert.Contains(seriesList.EnumerateArray(), s => Value(s, "0020000E") == SampleArchive.Series1A && s.GetProperty("00201209").GetProperty("Value")[0].GetInt32() == 2);
        var instanceList = JsonDocument.Parse(instances.Text).RootElement;
        Assert.Equal([SampleArchive.Sop1A1, SampleArchive.Sop1A2], instanceList.EnumerateArray().Select(i => Value(i, "00080018")).Order());
        var first = instanceList[0];
        Assert.Equal(4, first.GetProperty("00280010").GetProperty("Value")[0].GetInt32());
        Assert.Equal(16, first.GetProperty("00280100").GetProperty("Value")[0].GetInt32());
        Assert.Equal(TestInstances.CtImageStorage, Value(first, "00080016"));
        Assert.EndsWith($"/series/{SampleArchive.Series1A}/instances/{Value(first, "00080018")}", Value(first, "00081190"));
        var matched = Assert.Single(JsonDocument.Parse(bySequence.Text).RootElement.EnumerateArray());
        Assert.Equal(SampleArchive.Series2A, Value(matched, "0020000E"));
    }

    [Theory]
    [InlineData("/studies?Foo=1", "unknown attribute 'Foo'")]
    [InlineData("/studies?StudyDate=2020-13-45", "StudyDate '2020-13-45'")]
    [InlineData("/studies?StudyDate=20201345", "is not a date")]
    [InlineData("/studies?limit=-1", "limit '-1' is not a non-negative integer")]
    [InlineData("/studies?limit=ten", "limit 'ten'")]
    [InlineData("/studies?includefield=all&includefield=00100010", "includefield=all cannot be combined")]
    [InlineData("/studies?Modality=CT", "lower level")]
    [InlineData("/studies/1.2.abc/series", "'1.2.abc' is not a valid Study Instance UID")]
    [InlineData("/studies?StudyInstanceUID=1.2.3,1.2.x", "'1.2.x' in StudyInstanceUID is not a valid UID")]
    [InlineData("/studies?PatientName.PatientID=X", "not a sequence")]
    [InlineData("/studies?fuzzymatching=maybe", "fuzzymatching 'maybe'")]
    public async Task Should_refuse_a_malformed_search_with_400_and_its_reason(string query, string reason)
    {
        await using var archive = await SampleArchive.StartAsync();

        var response = await Curl.RunAsync(archive.Url(query), Json);

        Assert.Equal(400, response.Status);
        Assert.Contains(reason, JsonDocument.Parse(response.Text).RootElement.GetProperty("error").GetString());
        Assert.Contains(reason, response.Header("Warning"));
    }

    [Fact]
    public async Task Should_ignore_fuzzy_matching_with_a_warning()
    {
        await using var archive = await SampleArchive.StartAsync();

        var response = await Curl.RunAsync(archive.Url("/studies?PatientName=SMITH*&fuzzymatching=true"), Json);

        Assert.Equal(200, response.Status);
        Assert.Contains("fuzzymatching parameter is not supported", response.Header("Warning"));
        Assert.Single(JsonDocument.Parse(response.Text).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Should_cut_at_the_server_maximum_with_a_warning()
    {
        await using var archive = await SampleArchive.StartAsync(new DicomWebOptions { MaxResults = 1 });

        var response = await Curl.RunAsync(archive.Url("/studies"), Json);

        Assert.Equal(200, response.Status);
        Assert.Single(JsonDocument.Parse(response.Text).RootElement.EnumerateArray());
        Assert.Contains("exceeded the maximum", response.Header("Warning"));
    }

    [Fact]
    public async Task Given_a_limit_above_the_server_maximum_When_searching_Then_what_fits_is_returned_with_the_PS3_18_warning()
    {
        await using var archive = await SampleArchive.StartAsync(new DicomWebOptions { MaxResults = 1 });

        var response = await Curl.RunAsync(archive.Url("/studies?limit=5"), Json);

        Assert.Equal(200, response.Status);
        Assert.Single(JsonDocument.Parse(response.Text).RootElement.EnumerateArray());
        // PS3.18 8.3.4.4: 299 {service} with this text, quoted as RFC 7234 5.5's warn-text.
        var warning = Assert.Single(response.HeaderValues("Warning"));
        Assert.Equal(
            "299 peake \"The number of results exceeded the maximum supported by the server. Additional results can be requested.\"", warning);
    }

    [Fact]
    public async Task Given_a_limit_below_the_server_maximum_When_it_cuts_the_results_Then_there_is_no_warning_and_offset_pages_on()
    {
        await using var archive = await SampleArchive.StartAsync(new DicomWebOptions { MaxResults = 10 });

        var first = await Curl.RunAsync(archive.Url("/studies?limit=1"), Json);
        var next = await Curl.RunAsync(archive.Url("/studies?limit=1&offset=1"), Json);

        Assert.Equal((200, 200), (first.Status, next.Status));
        Assert.Empty(first.HeaderValues("Warning"));
        var a = Assert.Single(JsonDocument.Parse(first.Text).RootElement.EnumerateArray());
        var b = Assert.Single(JsonDocument.Parse(next.Text).RootElement.EnumerateArray());
        Assert.NotEqual(Value(a, "0020000D"), Value(b, "0020000D"));
    }

    [Fact]
    public async Task Given_fewer_matches_than_the_server_maximum_When_searching_without_limit_Then_all_come_back_without_a_warning()
    {
        await using var archive = await SampleArchive.StartAsync(new DicomWebOptions { MaxResults = 2 });

        var response = await Curl.RunAsync(archive.Url($"/studies?StudyInstanceUID={SampleArchive.Study1},{SampleArchive.Study2}"), Json);

        Assert.Equal(2, JsonDocument.Parse(response.Text).RootElement.GetArrayLength());
        Assert.Empty(response.HeaderValues("Warning"));
    }

    [Fact]
    public async Task Given_searches_When_they_are_answered_Then_they_are_counted_by_route_template_and_status()
    {
        var counted = new System.Collections.Concurrent.ConcurrentQueue<(string Route, string Status)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Peake.DicomWeb" && instrument.Name == "peake_dicomweb_requests_total")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? route = null, status = null;
            foreach (var tag in tags)
            {
                route = tag.Key == "route" ? (string?)tag.Value : route;
                status = tag.Key == "status" ? (string?)tag.Value : status;
            }

            counted.Enqueue((route ?? "", status ?? ""));
        });
        listener.Start();
        await using var archive = await SampleArchive.StartAsync();

        await Curl.RunAsync(archive.Url($"/studies/{SampleArchive.Study1}/series"), Json);
        await Curl.RunAsync(archive.Url("/studies?limit=ten"), Json);

        // The template, never the UIDs of the path: one series per route, not one per study.
        Assert.Contains(("/dicomweb/studies/{study}/series", "200"), counted);
        Assert.Contains(("/dicomweb/studies", "400"), counted);
        Assert.DoesNotContain(counted, c => c.Route.Contains(SampleArchive.Study1, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_refuse_an_unknown_caller_with_401_and_an_unsupported_accept_with_406()
    {
        await using var archive = await SampleArchive.StartAsync();

        var anonymous = await Curl.RunAsync(archive.Url("/studies"), Json, hospital: "");
        var stranger = await Curl.RunAsync(archive.Url("/studies"), Json, hospital: "NOT_A_HOSPITAL");
        var xml = await Curl.RunAsync(archive.Url("/studies"), "multipart/related; type=\"application/dicom+xml\"");

        Assert.Equal(401, anonymous.Status);
        Assert.Equal(401, stranger.Status);
        Assert.Equal(406, xml.Status);
    }

    private static string? Value(JsonElement entity, string tag) => entity.GetProperty(tag).GetProperty("Value")[0].GetString();
}
