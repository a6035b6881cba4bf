using System.Globalization;
using System.Text;
using Peake.Dicom;
using Peake.Dicom.Network.Query;
using Peake.Query.Schema;

namespace Peake.Query.Querying;

/// <summary>
/// The SQL WHERE clause a query's keys give where they have a column (BRIEF6 2.8 step 2). Its one rule: never drop a
/// row the exact matcher (PS3.4 C.2.2.2, <see cref="QueryEngine"/>) would accept — narrower is only an optimisation.
/// Hence: a NULL column (a multi-valued or unreadable value) always passes; case-sensitive text is compared as is and
/// case-insensitive (PN) text on upper-cased copies, never with SQL UPPER (SQLite's is ASCII only); wildcards become
/// LIKE with "!" as escape (both engines' LIKE is at least as wide as the matcher once both sides are upper-cased);
/// date and time ranges compare padded text as the matcher pads it, in byte order (PostgreSQL: COLLATE "C"); keys
/// without a column, or at a level the query does not join, are left to the matcher.
/// </summary>
internal sealed class Prefilter
{
    private const int MaxListedUids = 1000;

    private readonly List<string> _conditions = [];
    private readonly List<(string Name, object Value)> _parameters = [];
    private readonly string _collate;

    private Prefilter(bool sqlite) => _collate = sqlite ? "" : " COLLATE \"C\"";

    /// <summary>Every condition, joined with AND ("1=1" when none).</summary>
    public string Where => _conditions.Count == 0 ? "1=1" : string.Join(" AND ", _conditions);

    public IReadOnlyList<(string Name, object Value)> Parameters => _parameters;

    /// <summary>Byte-order collation for text comparisons and ordering ("" on SQLite, whose default is binary).</summary>
    public string Collate => _collate;

    public static Prefilter Build(QueryLevel level, DicomDataset identifier, bool combinedDateTime, bool sqlite)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var filter = new Prefilter(sqlite);
        foreach (var element in identifier)
        {
            if (element is not DicomValueElement { VR.IsString: true } || !Columns.TryFind(level, element.Tag, out var column))
                continue;
            // Combined date-time matching (C.2.2.2.5.4) joins the DA and TM keys into one range: the time alone says nothing.
            if (combinedDateTime && column.Kind == ColumnKind.Time)
                continue;
            var key = identifier.GetString(element.Tag)?.Trim() ?? "";
            if (key.Length > 0)
                filter.Add(column, key);
        }
        return filter;
    }

    private void Add(Column column, string key)
    {
        var col = column.Sql;
        switch (column.Kind)
        {
            case ColumnKind.Uid:
                var uids = key.Split('\\').Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                if (uids.Count is > 0 and <= MaxListedUids)
                    _conditions.Add($"{col} IN ({string.Join(", ", uids.Select(Bind))})");
                break;
            case ColumnKind.Text or ColumnKind.Upper:
                var text = column.Kind == ColumnKind.Upper ? key.ToUpperInvariant() : key;
                if (HasWildcard(key))
                {
                    if (key.Any(c => c != '*'))
                        _conditions.Add($"({col} IS NULL OR {col} LIKE {Bind(Like(text))} ESCAPE '!')");
                }
                else
                {
                    _conditions.Add($"({col} IS NULL OR {col} = {Bind(text)})");
                }
                break;
            case ColumnKind.Integer:
                if (long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                    _conditions.Add($"({col} IS NULL OR {col} = {Bind(number)})");
                break;
            case ColumnKind.Date:
                AddRange(col, ColumnText.NormalizeDate, key, ColumnText.DateWidth, -1);
                break;
            case ColumnKind.Time:
                AddRange(col, ColumnText.NormalizeTime, key, ColumnText.TimeWidth, ColumnText.TimeWidth - 7);
                break;
            case ColumnKind.List:
                // A '\'-joined list (ModalitiesInStudy, SOPClassesInStudy): any key value as one whole list entry.
                var values = key.Split('\\').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
                if (values.Count == 0 || values.Any(v => v.All(c => c == '*')))
                    break;
                var any = values.Select(v => $"('\\' || {col} || '\\') LIKE {Bind("%\\" + Like(v) + "\\%")} ESCAPE '!'");
                _conditions.Add($"({col} IS NULL OR {string.Join(" OR ", any)})");
                break;
        }
    }

    // C.2.2.2.5 as DateTimeRange reads it: split at the first "-"; bounds padded low with 0 and high with 9; an empty
    // stored value matches no range.
    private void AddRange(string col, Func<string, string> normalize, string key, int width, int dotAt)
    {
        var dash = key.IndexOf('-', StringComparison.Ordinal);
        var low = ColumnText.Pad(normalize(dash < 0 ? key : key[..dash]), width, '0', dotAt);
        var high = ColumnText.Pad(normalize(dash < 0 ? key : key[(dash + 1)..]), width, '9', dotAt);
        var bounds = new List<string> { $"{col} <> ''" };
        if (low.Length > 0)
            bounds.Add($"{col}{_collate} >= {Bind(low)}");
        if (high.Length > 0)
            bounds.Add($"{col}{_collate} <= {Bind(high)}");
        _conditions.Add($"({col} IS NULL OR ({string.Join(" AND ", bounds)}))");
    }

    private static bool HasWildcard(string key) => key.Contains('*', StringComparison.Ordinal) || key.Contains('?', StringComparison.Ordinal);

    /// <summary>
    /// A wildcard key as a LIKE pattern, LIKE's own specials escaped with "!": "*" any run; "?" also any run, not "_":
    /// the matcher's "?" is one UTF-16 unit and SQL's "_" one code point, so "_" would miss values with characters
    /// outside the BMP (a subset); "%" is wider, and the matcher narrows.
    /// </summary>
    internal static string Like(string key)
    {
        var pattern = new StringBuilder(key.Length + 8);
        foreach (var c in key)
        {
            pattern.Append(c switch
            {
                '*' => "%",
                '?' => "%",
                '%' or '_' or '!' => "!" + c,
                _ => c.ToString(),
            });
        }
        return pattern.ToString();
    }

    private string Bind(object value)
    {
        var name = "@k" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return name;
    }
}
