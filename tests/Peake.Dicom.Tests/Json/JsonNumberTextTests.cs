namespace Peake.Dicom.Tests.Json;

public class JsonNumberTextTests
{
    // Cases observed with dcm2json 3.6.7; the last three are where dcm2json prints invalid JSON ("1.", "1.e5", "e0").
    [Theory]
    [InlineData("1.50", "1.50")]
    [InlineData("12", "12")]
    [InlineData("1e3", "1e3")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("+5", "5")]
    [InlineData(".5", "0.5")]
    [InlineData("-.5", "-0.5")]
    [InlineData("+.5", "0.5")]
    [InlineData("00012.500", "12.500")]
    [InlineData("1e+5", "1e5")]
    [InlineData("1e05", "1e05")]
    [InlineData("1E-5", "1E-5")]
    [InlineData("00", "0")]
    [InlineData("-00.00", "-0.00")]
    [InlineData("1234567890123456", "1234567890123456")]
    [InlineData("1.", "1.0")]
    [InlineData("1.e5", "1.0e5")]
    [InlineData("0e0", "0e0")]
    public void Should_normalize_valid_decimal_strings_to_json_numbers(string ds, string expected)
    {
        Assert.Equal(expected, JsonNumberText.NormalizeDecimal(ds));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("inf")]
    [InlineData("0x10")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("e5")]
    [InlineData("1.5.5")]
    [InlineData("--1")]
    [InlineData("+-1")]
    [InlineData("1 2")]
    [InlineData("1d5")]
    [InlineData(".e5")]
    [InlineData("12345678901234567")]
    public void Should_reject_invalid_decimal_strings(string ds)
    {
        Assert.Null(JsonNumberText.NormalizeDecimal(ds));
    }

    [Theory]
    [InlineData("12", "12")]
    [InlineData("+0042", "42")]
    [InlineData("007", "7")]
    [InlineData("-0", "-0")]
    [InlineData("00", "0")]
    [InlineData("-2147483648", "-2147483648")]
    [InlineData("2147483647", "2147483647")]
    [InlineData("1.5", null)]
    [InlineData("abc", null)]
    [InlineData("2147483648", null)]
    [InlineData("99999999999", null)]
    [InlineData("1234567890123", null)]
    [InlineData("1e5", null)]
    [InlineData("-", null)]
    public void Should_normalize_integer_strings_within_int32(string text, string? expected)
    {
        Assert.Equal(expected, JsonNumberText.NormalizeInteger(text));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.5, "1.5")]
    [InlineData(-2, "-2")]
    [InlineData(0, "0")]
    [InlineData(1500, "1500")]
    [InlineData(123456789.123, "123456789.123")]
    [InlineData(1e20, "1e20")]
    [InlineData(1e21, "1e21")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(1e17, "1e17")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(1e300, "1e300")]
    [InlineData(1.2345678901234568e17, "1.2345678901234568e17")]
    [InlineData(double.Epsilon, "5e-324")]
    public void Should_format_doubles_as_shortest_round_trip_in_c_g_layout(double value, string expected)
    {
        var text = JsonNumberText.FormatDouble(value);
        Assert.Equal(expected, text);
        Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Should_keep_the_sign_of_negative_zero()
    {
        Assert.Equal("-0", JsonNumberText.FormatDouble(-0.0));
    }

    [Theory]
    [InlineData(0.1f, "0.100000001")]
    [InlineData(1.5f, "1.5")]
    [InlineData(3.4028235e38f, "3.40282347e38")]
    [InlineData(1e-40f, "9.9999461e-41")]
    [InlineData(100f, "100")]
    [InlineData(1e9f, "1e09")]
    [InlineData(123456789f, "123456792")]
    public void Should_format_floats_with_nine_significant_digits_like_dcm2json(float value, string expected)
    {
        var text = JsonNumberText.FormatSingle(value);
        Assert.Equal(expected, text);
        Assert.Equal(value, (float)double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }
}
