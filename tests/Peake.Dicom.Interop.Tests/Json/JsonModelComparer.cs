using System.Globalization;
using System.Text.Json;

namespace Peake.Dicom.Interop.Tests.Json;

/// <summary>
/// Compares two documents of the DICOM JSON model semantically: same keys, same "vr", same values, numbers as
/// numbers. FD numbers may differ by a few units in the last place (dcm2json's digit generation is not exact),
/// FL (and OF, if written as numbers) must be the same single-precision value. Returns one line per difference, each with its JSON path.
/// </summary>
public static class JsonModelComparer
{
    /// <summary>Largest distance in representable doubles accepted between two FD values.</summary>
    public const long FdUlpTolerance = 8;

    public static IReadOnlyList<string> Compare(JsonElement expected, JsonElement actual)
    {
        var differences = new List<string>();
        CompareValue(expected, actual, "$", null, differences);
        return differences;
    }

    private static void CompareValue(JsonElement expected, JsonElement actual, string path, string? vr, List<string> differences)
    {
        if (expected.ValueKind != actual.ValueKind
            && !(expected.ValueKind is JsonValueKind.True or JsonValueKind.False && actual.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            differences.Add($"{path}: expected {Describe(expected)}, actual {Describe(actual)}");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                CompareObject(expected, actual, path, vr, differences);
                break;
            case JsonValueKind.Array:
                var e = expected.EnumerateArray().ToArray();
                var a = actual.EnumerateArray().ToArray();
                if (e.Length != a.Length)
                {
                    differences.Add($"{path}: expected {e.Length} values, actual {a.Length}");
                }

                for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
                {
                    CompareValue(e[i], a[i], $"{path}[{i}]", vr, differences);
                }

                break;
            case JsonValueKind.Number:
                if (!NumbersEqual(expected.GetRawText(), actual.GetRawText(), vr))
                {
                    differences.Add($"{path}: expected {expected.GetRawText()}, actual {actual.GetRawText()} ({vr ?? "number"})");
                }

                break;
            case JsonValueKind.String:
                if (!string.Equals(expected.GetString(), actual.GetString(), StringComparison.Ordinal))
                {
                    differences.Add($"{path}: expected {expected.GetRawText()}, actual {actual.GetRawText()}");
                }

                break;
            default:
                if (expected.ValueKind != actual.ValueKind)
                {
                    differences.Add($"{path}: expected {Describe(expected)}, actual {Describe(actual)}");
                }

                break;
        }
    }

    private static void CompareObject(JsonElement expected, JsonElement actual, string path, string? vr, List<string> differences)
    {
        // Inside an attribute object the "vr" decides how its numbers compare.
        if (expected.TryGetProperty("vr", out var vrJson) && vrJson.ValueKind == JsonValueKind.String)
        {
            vr = vrJson.GetString();
        }

        var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var p in expected.EnumerateObject())
        {
            var childPath = path + "." + p.Name;
            if (!actual.TryGetProperty(p.Name, out var other))
            {
                differences.Add($"{childPath}: missing, expected {Describe(p.Value)}");
                continue;
            }

            actualNames.Remove(p.Name);
            CompareValue(p.Value, other, childPath, vr, differences);
        }

        foreach (var extra in actualNames.Order(StringComparer.Ordinal))
        {
            differences.Add($"{path}.{extra}: unexpected {Describe(actual.GetProperty(extra))}");
        }
    }

    private static bool NumbersEqual(string expected, string actual, string? vr)
    {
        const NumberStyles Style = NumberStyles.Float;
        var inv = CultureInfo.InvariantCulture;
        if (decimal.TryParse(expected, Style, inv, out var de) && decimal.TryParse(actual, Style, inv, out var da) && de == da)
        {
            return true;
        }

        if (!double.TryParse(expected, Style, inv, out var e) || !double.TryParse(actual, Style, inv, out var a))
        {
            return false;
        }

        return vr switch
        {
            // FL and OF hold float32: "179.0357971" (dcm2json) and "179.035797" (shortest round trip) are the same float.
            "FL" or "OF" => (float)e == (float)a,
            "FD" => UlpDistance(e, a) <= FdUlpTolerance,
            _ => e == a,
        };
    }

    private static long UlpDistance(double a, double b)
    {
        if (a == b)
        {
            return 0;
        }

        if (Math.Sign(a) != Math.Sign(b))
        {
            return long.MaxValue;
        }

        return Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => $"an array of {e.GetArrayLength()}",
        _ => e.GetRawText(),
    };
}
