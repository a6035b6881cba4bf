using System.Text.Json;
using Peake.Dicom.Interop.Tests.Infrastructure;
using Peake.Dicom.Interop.Tests.Json;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// pydicom as a second reference for the text of files dcm2json cannot convert (ISO 2022 Japanese sets, which glibc's
/// iconv lacks; Python has its own codecs). pydicom's `to_json` differs from dcm2json's conventions elsewhere (group
/// lengths, private VRs, numbers), so only text values are compared: each attribute both documents hold with the same
/// character-set-dependent VR (PS3.5 6.1.2.2), at every sequence depth.
/// </summary>
internal static class PydicomReference
{
    private static readonly HashSet<string> TextVRs = ["PN", "SH", "LO", "ST", "LT", "UC", "UT"];

    public static async Task<string> JsonAsync(string path)
    {
        var r = await ProcessRunner.RunAsync(
            RealWorldCorpus.Python,
            ["-c", "import sys, pydicom; print(pydicom.dcmread(sys.argv[1]).to_json())", path],
            TimeSpan.FromSeconds(60));
        Assert.True(r.Succeeded, r.Describe());
        return r.StandardOutput;
    }

    /// <summary>Differences in text values, and how many text attributes were compared.</summary>
    public static (List<string> Differences, int Compared) CompareText(JsonElement pydicom, JsonElement ours)
    {
        var differences = new List<string>();
        var compared = 0;
        Walk(pydicom, ours, "$", differences, ref compared);
        return (differences, compared);
    }

    private static void Walk(JsonElement expected, JsonElement actual, string path, List<string> differences, ref int compared)
    {
        foreach (var attribute in expected.EnumerateObject())
        {
            if (!actual.TryGetProperty(attribute.Name, out var other)
                || !attribute.Value.TryGetProperty("vr", out var vr) || !other.TryGetProperty("vr", out var otherVr)
                || vr.GetString() != otherVr.GetString()
                || !attribute.Value.TryGetProperty("Value", out var values) || !other.TryGetProperty("Value", out var otherValues))
            {
                continue;
            }

            var at = $"{path}.{attribute.Name}";
            if (vr.GetString() == "SQ")
            {
                var items = values.EnumerateArray().Zip(otherValues.EnumerateArray());
                var i = 0;
                foreach (var (e, a) in items)
                {
                    Walk(e, a, $"{at}.Value[{i++}]", differences, ref compared);
                }
            }
            else if (TextVRs.Contains(vr.GetString()!))
            {
                compared++;
                differences.AddRange(JsonModelComparer.Compare(values, otherValues).Select(d => at + ".Value" + d[1..]));
            }
        }
    }
}
