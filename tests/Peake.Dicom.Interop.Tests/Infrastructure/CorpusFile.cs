namespace Peake.Dicom.Interop.Tests.Infrastructure;

/// <summary>
/// One line of the corpus manifest (scripts/corpus/make-corpus.sh): a file, the transfer syntax it was
/// written in, and the features it claims (";"-separated tokens such as "vr:PN", "charset:GB18030",
/// "pn:Wang^XiaoDong=王^小东=", "dcmtk-utf8:no", "frames:10", "lengths:undefined", "encapsulated").
/// </summary>
public sealed record CorpusFile(string Path, string Name, string TransferSyntaxUid, IReadOnlyList<string> Features, string Description)
{
    public bool Has(string feature) => Features.Contains(feature, StringComparer.Ordinal);

    /// <summary>Values of "key:value" features, e.g. ValuesOf("vr") gives the VRs the file claims.</summary>
    public IEnumerable<string> ValuesOf(string key) =>
        Features.Where(f => f.StartsWith(key + ":", StringComparison.Ordinal)).Select(f => f[(key.Length + 1)..]);

    /// <summary>The value of a "key:value" feature, or null when the file does not claim it.</summary>
    public string? ValueOf(string key) => ValuesOf(key).Cast<string?>().FirstOrDefault();

    /// <summary>False for the ISO 2022 Japanese sets that Debian's dcmtk (glibc iconv) cannot convert:
    /// dcm2json fails on those files, so tests compare them with the manifest's expected "pn:" text instead.</summary>
    public bool DcmtkConvertsCharset => ValueOf("dcmtk-utf8") != "no";

    /// <summary>dcm2json 3.6.7 cannot convert the file (encapsulated pixel data, or a set dcmtk cannot convert).</summary>
    public bool Dcm2jsonFails => Has("dcm2json:fails");

    public bool IsEncapsulated => Has("encapsulated");

    public override string ToString() => Name;

    /// <summary>Parses one manifest line: file, transfer syntax UID, features, description (tab-separated).</summary>
    public static CorpusFile Parse(string corpusDirectory, string line)
    {
        var cols = line.Split('\t');
        if (cols.Length != 4)
        {
            throw new FormatException($"manifest line has {cols.Length} columns, expected 4: {line}");
        }
        var features = cols[2].Split(';', StringSplitOptions.RemoveEmptyEntries);
        return new CorpusFile(System.IO.Path.Combine(corpusDirectory, cols[0]), cols[0], cols[1], features, cols[3]);
    }
}
