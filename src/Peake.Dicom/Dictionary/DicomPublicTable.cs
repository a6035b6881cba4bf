using System.Globalization;

namespace Peake.Dicom;

/// <summary>
/// The public elements of <see cref="DicomDictionaryData"/>, parsed once: exact tags in one dictionary keyed by
/// the tag value, and repeating entries (PS3.5 7.6, e.g. (60xx,3000)) in one dictionary per distinct mask keyed
/// by the masked value, so any lookup costs a handful of hash probes.
/// </summary>
internal sealed class DicomPublicTable
{
    private readonly Dictionary<uint, DicomDictionaryEntry> _exact = [];
    private readonly Dictionary<string, DicomDictionaryEntry> _byKeyword = new(StringComparer.Ordinal);
    private readonly List<(uint Mask, Dictionary<uint, DicomDictionaryEntry> Entries)> _repeating = [];

    public static DicomPublicTable Instance => Holder.Value;

    private static readonly Lazy<DicomPublicTable> Holder = new(() => new DicomPublicTable(DicomDictionaryData.Elements));

    private DicomPublicTable(string packed)
    {
        var vrs = new DicomVRListCache();
        var entries = new List<DicomDictionaryEntry>();
        var byMask = new Dictionary<uint, Dictionary<uint, DicomDictionaryEntry>>();
        foreach (var line in packed.Split('\n'))
        {
            // tag|mask|keyword|name|VRs|VM|R
            var f = line.TrimEnd('\r').Split('|');
            if (f.Length != 7)
            {
                continue;
            }

            var value = uint.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var mask = f[1].Length == 0 ? 0xFFFFFFFF : uint.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var entry = new DicomDictionaryEntry(new DicomTag(value), f[2], f[3], vrs.Get(f[4]), f[5], f[6] == "R") { Mask = mask };
            if (mask == 0xFFFFFFFF)
            {
                _exact[value] = entry;
            }
            else
            {
                if (!byMask.TryGetValue(mask, out var masked))
                {
                    byMask[mask] = masked = [];
                }

                masked[value] = entry;
            }

            _byKeyword[entry.Keyword] = entry;
            entries.Add(entry);
        }

        // Most specific mask first, so a narrower repeating entry wins over a wider one.
        foreach (var (mask, masked) in byMask.OrderByDescending(p => uint.PopCount(p.Key)).ThenBy(p => p.Key))
        {
            _repeating.Add((mask, masked));
        }

        Entries = entries.AsReadOnly();
    }

    public IReadOnlyList<DicomDictionaryEntry> Entries { get; }

    public DicomDictionaryEntry? Exact(uint value) => _exact.TryGetValue(value, out var e) ? e : null;

    public DicomDictionaryEntry? Repeating(uint value)
    {
        foreach (var (mask, entries) in _repeating)
        {
            if (entries.TryGetValue(value & mask, out var e))
            {
                return e;
            }
        }

        return null;
    }

    public DicomDictionaryEntry? ByKeyword(string keyword) => _byKeyword.TryGetValue(keyword, out var e) ? e : null;
}
