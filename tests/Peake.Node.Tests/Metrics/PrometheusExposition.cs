using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Peake.Node.Tests.Metrics;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, written from the format's description: every line must be a
/// HELP, a TYPE or a sample of the grammar, HELP and TYPE come once per family and before its samples, a sample
/// belongs to a declared family, counters end in _total, and a histogram's buckets are cumulative with +Inf == _count.
/// Any violation throws, naming the line.
/// </summary>
internal sealed partial class PrometheusExposition
{
    private PrometheusExposition(Dictionary<string, Family> families) => Families = families;

    public IReadOnlyDictionary<string, Family> Families { get; }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed class Family(string name)
    {
        public string Name { get; } = name;

        public string? Type { get; set; }

        public string? Help { get; set; }

        public List<Sample> Samples { get; } = [];
    }

    /// <summary>The value of the one sample named <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        var family = Families.Values.FirstOrDefault(f => f.Samples.Any(s => s.Name == name))
            ?? throw new InvalidOperationException($"no sample named {name}");
        return Assert.Single(family.Samples, s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Value;
    }

    public static PrometheusExposition Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
            throw new FormatException("the exposition must end with a line feed");
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            if (Help().Match(line) is { Success: true } help)
            {
                var family = Declared(families, help.Groups["name"].Value);
                Fail(family.Help is not null, line, "second HELP");
                Fail(family.Samples.Count > 0, line, "HELP after samples");
                family.Help = Unescape(help.Groups["text"].Value, quotes: false);
            }
            else if (TypeLine().Match(line) is { Success: true } type)
            {
                var family = Declared(families, type.Groups["name"].Value);
                Fail(family.Type is not null, line, "second TYPE");
                Fail(family.Samples.Count > 0, line, "TYPE after samples");
                family.Type = type.Groups["type"].Value;
                Fail(family.Type == "counter" && !family.Name.EndsWith("_total", StringComparison.Ordinal), line, "counter not ending in _total");
            }
            else if (SampleLine().Match(line) is { Success: true } sample)
            {
                var name = sample.Groups["name"].Value;
                var family = FamilyOf(families, name) ?? throw new FormatException($"line {n + 1}: sample of an undeclared family: {line}");
                var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (Capture capture in sample.Groups["label"].Captures)
                {
                    var pair = LabelPair().Match(capture.Value);
                    Fail(!labels.TryAdd(pair.Groups["key"].Value, Unescape(pair.Groups["value"].Value, quotes: true)), line, "label repeated");
                }

                family.Samples.Add(new Sample(name, labels, ParseValue(sample.Groups["value"].Value)));
            }
            else
            {
                throw new FormatException($"line {n + 1} is not HELP, TYPE or a sample: '{line}'");
            }
        }

        foreach (var family in families.Values)
        {
            Fail(family.Type is null || family.Help is null, family.Name, "family without HELP and TYPE");
            if (family.Type == "histogram")
                CheckHistogram(family);
        }

        return new PrometheusExposition(families);
    }

    // Buckets per label set (without le) in increasing le order, cumulative, the last one +Inf, equal to _count.
    private static void CheckHistogram(Family family)
    {
        var bySeries = family.Samples.Where(s => s.Name == family.Name + "_bucket")
            .GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")));
        foreach (var series in bySeries)
        {
            var buckets = series.Select(s => (Le: ParseValue(s.Labels["le"]), s.Value)).ToList();
            Fail(!double.IsPositiveInfinity(buckets[^1].Le), family.Name, "last bucket is not +Inf");
            for (var i = 1; i < buckets.Count; i++)
            {
                Fail(buckets[i].Le <= buckets[i - 1].Le, family.Name, "bucket bounds not increasing");
                Fail(buckets[i].Value < buckets[i - 1].Value, family.Name, "buckets not cumulative");
            }

            var labels = series.First().Labels.Where(l => l.Key != "le").ToList();
            var count = Assert.Single(family.Samples, s => s.Name == family.Name + "_count" && SameLabels(s.Labels, labels));
            Assert.Single(family.Samples, s => s.Name == family.Name + "_sum" && SameLabels(s.Labels, labels));
            Fail(count.Value != buckets[^1].Value, family.Name, "+Inf bucket differs from _count");
        }
    }

    private static bool SameLabels(IReadOnlyDictionary<string, string> labels, List<KeyValuePair<string, string>> expected) =>
        labels.Count == expected.Count && expected.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);

    private static Family Declared(Dictionary<string, Family> families, string name) =>
        families.TryGetValue(name, out var family) ? family : families[name] = new Family(name);

    private static Family? FamilyOf(Dictionary<string, Family> families, string sampleName)
    {
        if (families.TryGetValue(sampleName, out var family) && family.Type != "histogram")
            return family;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && families.TryGetValue(sampleName[..^suffix.Length], out var histogram) && histogram.Type == "histogram")
            {
                return histogram;
            }
        }

        return null;
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string Unescape(string text, bool quotes)
    {
        var plain = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                plain.Append(text[i]);
                continue;
            }

            var next = i + 1 < text.Length ? text[++i] : throw new FormatException($"dangling backslash in '{text}'");
            plain.Append(next switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when quotes => '"',
                _ => throw new FormatException($"invalid escape \\{next} in '{text}'"),
            });
        }

        return plain.ToString();
    }

    private static void Fail(bool failed, string where, string what)
    {
        if (failed)
            throw new FormatException($"{what}: {where}");
    }

    private const string NamePattern = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private const string LabelPattern = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\"";
    private const string ValuePattern = @"[+-]?(?:Inf|NaN|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)";

    [GeneratedRegex("^# HELP (?<name>" + NamePattern + ") (?<text>[^\\n]*)$")]
    private static partial Regex Help();

    [GeneratedRegex("^# TYPE (?<name>" + NamePattern + ") (?<type>counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex("^(?<name>" + NamePattern + ")(?:\\{(?:(?<label>" + LabelPattern + ")(?:,(?<label>" + LabelPattern + "))*,?)?\\})? (?<value>" + ValuePattern + ")(?: -?[0-9]+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("^(?<key>[^=]+)=\"(?<value>.*)\"$", RegexOptions.Singleline)]
    private static partial Regex LabelPair();
}
