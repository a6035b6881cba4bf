namespace Peake.Cli.Ops;

/// <summary>
/// Columns aligned for people: each as wide as its widest cell, two spaces apart, no trailing blanks. A missing value
/// (null) shows as "-"; an empty string stays blank (for columns of marks).
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string?[] cells) => _rows.Add([.. cells.Select(c => c ?? "-")]);

    public void WriteTo(TextWriter w)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in _rows.Prepend(headers))
        {
            w.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }
}
