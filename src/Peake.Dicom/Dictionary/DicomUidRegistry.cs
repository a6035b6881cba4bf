namespace Peake.Dicom;

/// <summary>Looks up UIDs of the PS3.6 Annex A registry (generated from dcmtk's dcuid.h and scripts/dictionary/uids.tsv).</summary>
public static class DicomUidRegistry
{
    private static readonly Lazy<Dictionary<string, DicomUidEntry>> Table = new(Parse);

    public static DicomUidEntry? Lookup(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);

        // PS3.5 9.1: a UI value is padded to even length with one NUL; callers may pass it unstripped.
        return Table.Value.TryGetValue(uid.TrimEnd('\0', ' '), out var entry) ? entry : null;
    }

    public static IReadOnlyCollection<DicomUidEntry> Entries => Table.Value.Values;

    private static Dictionary<string, DicomUidEntry> Parse()
    {
        var table = new Dictionary<string, DicomUidEntry>(StringComparer.Ordinal);
        foreach (var line in DicomUidRegistryData.Entries.Split('\n'))
        {
            var f = line.TrimEnd('\r').Split('|');
            if (f.Length != 5)
            {
                continue;
            }

            table[f[0]] = new DicomUidEntry(f[0], f[2], f[1], f[3]) { Retired = f[4] == "R" };
        }

        return table;
    }
}
