using System.Globalization;
using System.Text;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// Part 10 files made at test time with dcmtk (dump2dcm, dcmcjpeg) for retrieve tests, and the check that what came
/// back holds the same data set bytes (after the meta group) as what was stored.
/// </summary>
internal static class RetrieveSources
{
    public const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";

    /// <summary>A small Secondary Capture instance; <paramref name="syntax"/> is dump2dcm's "+te" or "+ti".</summary>
    public static async Task<string> MakeAsync(string folder, string sop, string study, string series, string syntax, string extra = "", string? name = null)
    {
        var dump = Path.Combine(folder, (name ?? sop) + ".txt");
        var file = Path.Combine(folder, (name ?? sop) + ".dcm");
        await File.WriteAllTextAsync(dump, Header(sop, study, series) + extra);
        var made = await PeerProcess.RunAsync("dump2dcm", [syntax, "+l", "1000000", dump, file], TimeSpan.FromSeconds(30));
        Assert.True(made.ExitCode == 0, made.ToString());
        return file;
    }

    /// <summary>
    /// An 8x8 8-bit image compressed by dcmcjpeg (JPEG Lossless SV1, 1.2.840.10008.1.2.4.70), or by the tool and
    /// options in <paramref name="compress"/> (e.g. ["dcmcrle"], or ["dcmcjpeg", "+eb", "+un"] for JPEG baseline).
    /// </summary>
    public static async Task<string> MakeJpegAsync(string folder, string sop, string study, string series, string[]? compress = null)
    {
        var pixels = string.Join('\\', Enumerable.Range(0, 64).Select(i => (i * 3 % 256).ToString("x2", CultureInfo.InvariantCulture)));
        var plain = await MakeAsync(folder, sop, study, series, "+te", name: sop + "-raw", extra: $"""
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            (0028,0010) US 8
            (0028,0011) US 8
            (0028,0100) US 8
            (0028,0101) US 8
            (0028,0102) US 7
            (0028,0103) US 0
            (7fe0,0010) OB {pixels}
            """);
        var file = Path.Combine(folder, sop + ".dcm");
        compress ??= ["dcmcjpeg"];
        var compressed = await PeerProcess.RunAsync(compress[0], [.. compress[1..], plain, file], TimeSpan.FromSeconds(30));
        Assert.True(compressed.ExitCode == 0, compressed.ToString());
        File.Delete(plain);
        return file;
    }

    public static void AssertSameDataSets(IReadOnlyList<string> sources, string[] received)
    {
        var bySop = received.ToDictionary(Part10.SopInstanceUid, f => f);
        Assert.Equal(sources.Select(Part10.SopInstanceUid).Order(StringComparer.Ordinal), bySop.Keys.Order(StringComparer.Ordinal));
        foreach (var source in sources)
        {
            Assert.Equal(Part10.DataSetBytes(source), Part10.DataSetBytes(bySop[Part10.SopInstanceUid(source)]));
        }
    }

    private static string Header(string sop, string study, string series)
    {
        var header = new StringBuilder();
        header.AppendLine(CultureInfo.InvariantCulture, $"(0008,0016) UI [{SecondaryCapture}]");
        header.AppendLine(CultureInfo.InvariantCulture, $"(0008,0018) UI [{sop}]");
        header.AppendLine("(0010,0010) PN [DOE^JANE]");
        header.AppendLine("(0010,0020) LO [P10]");
        header.AppendLine(CultureInfo.InvariantCulture, $"(0020,000d) UI [{study}]");
        header.AppendLine(CultureInfo.InvariantCulture, $"(0020,000e) UI [{series}]");
        return header.ToString();
    }
}
