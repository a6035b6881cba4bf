using System.Globalization;
using System.Text;

namespace Peake.Management.Metrics;

/// <summary>
/// The Prometheus text exposition format 0.0.4: per family one <c># HELP</c> and one <c># TYPE</c> line, then its
/// samples <c>name{label="value",…} value</c>, one per line, ending with a newline. Names are <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>;
/// label values escape backslash, double quote and newline; HELP escapes backslash and newline.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricSnapshot> families)
    {
        var text = new StringBuilder();
        foreach (var family in families)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Kind)).Append('\n');
            foreach (var sample in family.Samples)
            {
                text.Append(family.Name).Append(sample.Suffix);
                if (sample.Labels.Count > 0)
                {
                    text.Append('{');
                    for (var i = 0; i < sample.Labels.Count; i++)
                    {
                        if (i > 0)
                            text.Append(',');
                        text.Append(sample.Labels[i].Key).Append("=\"").Append(EscapeLabelValue(sample.Labels[i].Value)).Append('"');
                    }

                    text.Append('}');
                }

                text.Append(' ').Append(Number(sample.Value)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>A valid metric or label name: anything else becomes '_' (a name may not start with a digit).</summary>
    public static string Name(string name)
    {
        var valid = new StringBuilder(name.Length + 1);
        foreach (var c in name)
            valid.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        if (valid.Length == 0 || char.IsAsciiDigit(valid[0]))
            valid.Insert(0, '_');
        return valid.ToString();
    }

    /// <summary>Go's ParseFloat syntax, which Prometheus reads: invariant digits, round-trippable, +Inf / -Inf / NaN.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string TypeName(MetricKind kind) => kind switch
    {
        MetricKind.Counter => "counter",
        MetricKind.Gauge => "gauge",
        _ => "histogram",
    };

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeLabelValue(string value) =>
        EscapeHelp(value).Replace("\"", "\\\"", StringComparison.Ordinal);
}
