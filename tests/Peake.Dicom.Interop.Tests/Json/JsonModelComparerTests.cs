using System.Text.Json;

namespace Peake.Dicom.Interop.Tests.Json;

public class JsonModelComparerTests
{
    private static IReadOnlyList<string> Compare(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        return JsonModelComparer.Compare(e.RootElement, a.RootElement);
    }

    [Fact]
    public void Should_find_no_difference_in_equal_documents_written_differently()
    {
        Assert.Empty(Compare("""{"00101020":{"vr":"DS","Value":[1.50, 1e3]}}""", """{ "00101020" : { "Value":[1.5,1000], "vr":"DS" } }"""));
    }

    [Fact]
    public void Should_report_missing_unexpected_and_different_values_with_paths()
    {
        var d = Compare(
            """{"00100010":{"vr":"PN","Value":[{"Alphabetic":"A"}]},"00100020":{"vr":"LO"}}""",
            """{"00100010":{"vr":"PN","Value":[{"Alphabetic":"B"}]},"00100030":{"vr":"DA"}}""");
        Assert.Equal(3, d.Count);
        Assert.Contains(d, s => s.StartsWith("$.00100010.Value[0].Alphabetic: expected \"A\", actual \"B\"", StringComparison.Ordinal));
        Assert.Contains(d, s => s.StartsWith("$.00100020: missing", StringComparison.Ordinal));
        Assert.Contains(d, s => s.StartsWith("$.00100030: unexpected", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_tolerate_last_digit_noise_in_fd_but_not_elsewhere()
    {
        Assert.Empty(Compare("""{"00189089":{"vr":"FD","Value":[1e300]}}""", """{"00189089":{"vr":"FD","Value":[1.0000000000000007e300]}}"""));
        Assert.NotEmpty(Compare("""{"00189089":{"vr":"FD","Value":[1e300]}}""", """{"00189089":{"vr":"FD","Value":[1.00000000001e300]}}"""));
        Assert.NotEmpty(Compare("""{"00101020":{"vr":"DS","Value":[0.1]}}""", """{"00101020":{"vr":"DS","Value":[0.10000000000000002]}}"""));
        Assert.Empty(Compare("""{"00189310":{"vr":"FL","Value":[0.100000001]}}""", """{"00189310":{"vr":"FL","Value":[0.1]}}"""));
    }

    [Theory]
    [InlineData("FL")]
    [InlineData("OF")]
    public void Should_compare_float32_vrs_at_single_precision(string vr)
    {
        static string Json(string vr, string value) => "{\"00189310\":{\"vr\":\"" + vr + "\",\"Value\":[" + value + "]}}";
        Assert.Empty(Compare(Json(vr, "179.0357971"), Json(vr, "179.035797")));
        Assert.NotEmpty(Compare(Json(vr, "179.0357971"), Json(vr, "179.03581")));
        Assert.NotEmpty(Compare("""{"00189310":{"vr":"FD","Value":[179.0357971]}}""", """{"00189310":{"vr":"FD","Value":[179.035797]}}"""));
    }

    [Fact]
    public void Should_report_a_number_written_as_a_string()
    {
        var d = Compare("""{"00200013":{"vr":"IS","Value":[1]}}""", """{"00200013":{"vr":"IS","Value":["1"]}}""");
        Assert.Equal("$.00200013.Value[0]: expected 1, actual \"1\"", Assert.Single(d));
    }

    [Fact]
    public void Should_report_different_value_counts()
    {
        var d = Compare("""{"00200013":{"vr":"IS","Value":[1,2]}}""", """{"00200013":{"vr":"IS","Value":[1]}}""");
        Assert.Equal("$.00200013.Value: expected 2 values, actual 1", Assert.Single(d));
    }
}
