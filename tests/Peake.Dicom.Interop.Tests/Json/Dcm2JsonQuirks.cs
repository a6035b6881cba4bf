using System.Text.Json.Nodes;

namespace Peake.Dicom.Interop.Tests.Json;

/// <summary>
/// Known ways dcm2json 3.6.7 departs from PS3.18/PS3.5, undone on its output before comparing with ours.
/// </summary>
internal static class Dcm2JsonQuirks
{
    private static readonly HashSet<string> SingleValued = ["LT", "ST", "UT", "UR"];

    /// <summary>
    /// With JIS X 0201 romaji as G0 (ISO_IR 13), byte 05/12 is YEN SIGN but still separates values
    /// (PS3.5 H.1.1 note 3). dcm2json converts the whole value to UTF-8 before splitting, so "A¥B" stays one
    /// value. Here such values are split at '¥' the way the standard (and our writer) reads them.
    /// </summary>
    public static JsonNode SplitYenSeparatedValues(JsonNode dataset)
    {
        foreach (var (_, attribute) in dataset.AsObject())
        {
            if (attribute is not JsonObject element || element["Value"] is not JsonArray values)
            {
                continue;
            }

            var vr = element["vr"]?.GetValue<string>();
            if (vr == "SQ")
            {
                foreach (var item in values)
                {
                    SplitYenSeparatedValues(item!);
                }

                continue;
            }

            if (vr is null || SingleValued.Contains(vr))
            {
                continue;
            }

            var split = new JsonArray();
            foreach (var v in values)
            {
                foreach (var part in vr == "PN" ? SplitPersonName(v) : SplitString(v))
                {
                    split.Add(part);
                }
            }

            element["Value"] = split;
        }

        return dataset;
    }

    private static IEnumerable<JsonNode?> SplitString(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) && s.Contains('¥', StringComparison.Ordinal)
            ? s.Split('¥').Select(p => p.Trim(' ').Length == 0 ? null : (JsonNode?)JsonValue.Create(p.Trim(' ')))
            : [value?.DeepClone()];

    private static IEnumerable<JsonNode?> SplitPersonName(JsonNode? value)
    {
        if (value is not JsonObject pn)
        {
            return [value?.DeepClone()];
        }

        string[] names = ["Alphabetic", "Ideographic", "Phonetic"];
        var whole = string.Join('=', names.Select(n => pn[n]?.GetValue<string>() ?? string.Empty)).TrimEnd('=');
        if (!whole.Contains('¥', StringComparison.Ordinal))
        {
            return [pn.DeepClone()];
        }

        return whole.Split('¥').Select(part =>
        {
            var groups = part.Split('=');
            var obj = new JsonObject();
            for (var g = 0; g < Math.Min(3, groups.Length); g++)
            {
                if (groups[g].Length > 0)
                {
                    obj[names[g]] = groups[g];
                }
            }

            return obj.Count == 0 ? null : (JsonNode?)obj;
        });
    }
}
