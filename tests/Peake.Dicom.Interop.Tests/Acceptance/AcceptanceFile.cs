using System.Text;
using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// One file the acceptance tests run over, from the dcmtk-made corpus ("corpus/files/x.dcm") or from the real-world
/// corpus ("pydicom/test_files/x.dcm"), with dcmdump's reading of it: whether dcmdump reads it, and in which syntax.
/// </summary>
/// <param name="Dump">`dcmdump -Un +L FILE`: UIDs as numbers, long values printed whole.</param>
public sealed record AcceptanceFile(string Name, string Path, CorpusFile? Manifest, ProcessResult Dump)
{
    public bool IsRealWorld => Manifest is null;

    public bool DcmdumpReads => Dump.Succeeded;

    /// <summary>dcmdump's listing as Latin-1, one char per byte: values stay in their file encoding, byte for byte.</summary>
    public string DumpText => Encoding.Latin1.GetString(Dump.StandardOutputBytes);

    public ReferenceSyntax Syntax => !DcmdumpReads ? ReferenceSyntax.Unreadable : DatasetSyntaxName(DumpText) switch
    {
        "Little Endian Implicit" => ReferenceSyntax.ImplicitLittleEndian,
        "Little Endian Explicit" => ReferenceSyntax.ExplicitLittleEndian,
        "Big Endian Explicit" => ReferenceSyntax.ExplicitBigEndian,
        "Deflated Explicit VR Little Endian" => ReferenceSyntax.DeflatedExplicitLittleEndian,
        null => ReferenceSyntax.Unreadable,
        _ => ReferenceSyntax.Encapsulated,
    };

    public bool IsUncompressed => Syntax is ReferenceSyntax.ImplicitLittleEndian or ReferenceSyntax.ExplicitLittleEndian
        or ReferenceSyntax.ExplicitBigEndian or ReferenceSyntax.DeflatedExplicitLittleEndian;

    /// <summary>A DICOMDIR: Media Storage Directory Storage (PS3.6 Table A-1) in the meta group, as dcmdump -Un lists it.</summary>
    public bool IsDicomdir => DcmdumpReads && DumpText.Contains("(0002,0002) UI [1.2.840.10008.1.3.10]", StringComparison.Ordinal);

    public override string ToString() => Name;

    // dcmdump prints "# Used TransferSyntax: NAME" once for the meta group and once, after "# Dicom-Data-Set", for the data set.
    private static string? DatasetSyntaxName(string dump)
    {
        const string Marker = "# Used TransferSyntax: ";
        var dataset = dump.IndexOf("# Dicom-Data-Set", StringComparison.Ordinal);
        var at = dump.IndexOf(Marker, Math.Max(dataset, 0), StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var end = dump.IndexOf('\n', at);
        return dump[(at + Marker.Length)..(end < 0 ? dump.Length : end)].TrimEnd('\r');
    }
}
