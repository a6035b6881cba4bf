using System.Text.Json;
using Peake.Dicom.Interop.Tests.Infrastructure;
using Peake.Dicom.Interop.Tests.Json;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// Issue 2 acceptance: `peake dicom json FILE` (the real CLI process) equals `dcm2json FILE` value for value
/// (<see cref="JsonModelComparer"/>), for every file of both corpora. Where dcm2json cannot give a reference the test
/// says why and checks what it still can; every such case is listed here by file or by a rule, with its reason.
/// </summary>
[Trait("Category", "Interop")]
public sealed class JsonParityTests
{
    private const string PixelData = "$.7FE00010";

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 1024 }; // the corpus nests sequences 40 deep

    private const string KatakanaReason =
        "ISO_IR 13: dcm2json converts the whole value to UTF-8 before splitting it, so the JIS X 0201 byte 05/12 (shown as a yen"
        + " sign) no longer delimits values and two values become one; 05/12 is the delimiter in every DICOM character set"
        + " (dcmdump counts VM 2, as we do)";

    /// <summary>Files whose JSON may differ from dcm2json's under the paths given, because dcm2json is wrong there.</summary>
    public static readonly IReadOnlyDictionary<string, (string[] Paths, string Reason)> KnownDifferences = new Dictionary<string, (string[], string)>
    {
        ["corpus/files/charset-katakana.dcm"] = (["$.00081070", "$.00189908"], KatakanaReason),
        ["corpus/files/charset-katakana.ile.dcm"] = (["$.00081070", "$.00189908"], KatakanaReason),
        ["corpus/files/charset-katakana.ebe.dcm"] = (["$.00081070", "$.00189908"], KatakanaReason),
        ["corpus/files/charset-katakana.def.dcm"] = (["$.00081070", "$.00189908"], KatakanaReason),

        // The item has its own (0008,0005) "ISO 2022 IR 13\ISO 2022 IR 87" (PS3.5 6.1.2.5.1: a sequence item may); dcm2json
        // ignores it, copies the JIS X 0201 bytes of the name into its UTF-8 output as they are (invalid UTF-8) and leaves
        // the ISO 2022 escapes in. We decode the name in the item's own set (pydicom agrees: 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう').
        // Only the name is excused: how the item's (0008,0005) itself is written is compared as everywhere else.
        ["pydicom/charset_files/chrSQEncoding.dcm"] = (["$.00321064.Value[0].00100010"], "dcm2json ignores the item's own Specific Character Set"),
    };

    /// <summary>
    /// Real-world files in ISO 2022 Japanese sets, which Debian's dcmtk cannot convert (glibc iconv has no ISO 2022 IR 87
    /// or IR 159 converter): dcm2json fails. Corpus files of that kind carry "dcmtk-utf8:no" in the manifest instead.
    /// </summary>
    public static readonly IReadOnlySet<string> DcmtkCannotConvert = new HashSet<string>
    {
        "pydicom/charset_files/chrH31.dcm",
        "pydicom/charset_files/chrH32.dcm",
        "pydicom/charset_files/chrJapMulti.dcm",
        "pydicom/charset_files/chrJapMultiExplicitIR6.dcm",
        "pydicom/charset_files/chrSQEncoding1.dcm",
        "pydicom/test_files/J2K_pixelrep_mismatch.dcm", // "ISO 2022 IR 13\ISO 2022 IR 87", and JPEG 2000
    };

    public static TheoryData<string> AllFiles => AcceptanceFiles.Names(_ => true);

    [Theory]
    [MemberData(nameof(AllFiles))]
    public async Task Json_Should_EqualDcm2jsonValueForValue(string name)
    {
        var file = AcceptanceFiles.Get(name);
        var oursTask = PeakeCli.RunAsync(["dicom", "json", file.Path]);
        var dcmtk = await DcmtkTool.RunAsync("dcm2json", [file.Path]);
        var ours = await oursTask;

        if (DcmtkCannotConvert.Contains(name) || file.Manifest is { DcmtkConvertsCharset: false })
        {
            await AssertDcmtkCannotConvertButWeCan(file, dcmtk, ours);
            return;
        }

        if (!dcmtk.Succeeded && file.Syntax == ReferenceSyntax.Encapsulated)
        {
            await AssertEqualBesidesEncapsulatedPixelData(file, dcmtk, ours);
            return;
        }

        if (!dcmtk.Succeeded)
        {
            // dcm2json rejects the file (damaged, or not DICOM): so must we, with one clear line.
            Assert.False(file.DcmdumpReads, $"dcm2json fails on {name}, which dcmdump reads:\n{dcmtk.Describe()}");
            Assert.True(ours.ExitCode == 1, $"dcm2json rejects {name} but we do not:\n{dcmtk.Describe()}\n{ours.Describe()}");
            AssertNothingPrinted(ours);
            return;
        }

        Assert.True(ours.Succeeded, $"dcm2json reads {name} but we fail:\n{ours.Describe()}");
        var differences = Compare(dcmtk.StandardOutput, ours.StandardOutput);
        if (KnownDifferences.TryGetValue(name, out var known))
        {
            bool Known(string d) => known.Paths.Any(p => d.StartsWith(p, StringComparison.Ordinal));
            Assert.True(differences.Any(Known), $"{name} now matches dcm2json at {string.Join(", ", known.Paths)}: drop it from KnownDifferences");
            differences = differences.Where(d => !Known(d)).ToList();
        }

        Assert.True(differences.Count == 0, $"{name}: {differences.Count} differences from dcm2json:\n{string.Join('\n', differences.Take(20))}");
    }

    // dcm2json 3.6.7 refuses encapsulated pixel data in JSON ("InlineBinary encoding not supported for compressed pixel
    // data") and stops mid-document. Compare the rest: dcm2json of a copy without (7FE0,0010), made by dcmodify.
    private static async Task AssertEqualBesidesEncapsulatedPixelData(AcceptanceFile file, ProcessResult dcmtk, ProcessResult ours)
    {
        Assert.Contains("compressed pixel data", dcmtk.StandardError, StringComparison.Ordinal);
        Assert.True(ours.Succeeded, $"we fail on {file.Name}:\n{ours.Describe()}");

        var copy = Transcodes.ScratchPath("no-pixel-data", file);
        File.Copy(file.Path, copy, overwrite: true);
        var strip = await DcmtkTool.RunAsync("dcmodify", ["-nb", "-ea", "(7fe0,0010)", copy]);
        Assert.True(strip.Succeeded, strip.Describe());
        var reference = await DcmtkTool.RunAsync("dcm2json", [copy]);
        Assert.True(reference.Succeeded, reference.Describe());

        var differences = Compare(reference.StandardOutput, ours.StandardOutput);
        Assert.Contains($"{PixelData}: unexpected an object", differences); // ours has the pixel data, the copy has not
        // dcmtk drops Data Set Trailing Padding (FFFC,FFFC) when dcmodify writes the copy: ours keeps it, as dcm2json does.
        differences = differences.Where(d => !d.StartsWith(PixelData, StringComparison.Ordinal) && !d.StartsWith("$.FFFCFFFC: unexpected", StringComparison.Ordinal)).ToList();
        Assert.True(differences.Count == 0, $"{file.Name}: {differences.Count} differences from dcm2json (pixel data aside):\n{string.Join('\n', differences.Take(20))}");

        using var json = JsonDocument.Parse(ours.StandardOutput, Options);
        var pixelData = json.RootElement.GetProperty(PixelData[2..]);
        Assert.True(pixelData.TryGetProperty("InlineBinary", out _), $"{file.Name}: encapsulated pixel data has no InlineBinary");
    }

    private static async Task AssertDcmtkCannotConvertButWeCan(AcceptanceFile file, ProcessResult dcmtk, ProcessResult ours)
    {
        Assert.False(dcmtk.Succeeded, $"dcm2json now converts {file.Name}: compare it like the others");
        Assert.Contains("not supported by the utilized character set conversion library", dcmtk.StandardError, StringComparison.Ordinal);
        Assert.True(ours.Succeeded, ours.Describe());
        using var json = JsonDocument.Parse(ours.StandardOutput, Options);
        if (file.Manifest?.ValueOf("pn") is { } expected)
        {
            // The manifest says what the name decodes to: check ours against it instead.
            var pn = json.RootElement.GetProperty("00100010").GetProperty("Value")[0];
            var groups = new[] { "Alphabetic", "Ideographic", "Phonetic" }.Select(g => pn.TryGetProperty(g, out var v) ? v.GetString() : "");
            Assert.Equal(expected.TrimEnd('='), string.Join('=', groups).TrimEnd('='));
        }

        // pydicom decodes these sets with Python's own codecs: our text must equal its text.
        using var reference = JsonDocument.Parse(await PydicomReference.JsonAsync(file.Path), Options);
        var (differences, compared) = PydicomReference.CompareText(reference.RootElement, json.RootElement);
        Assert.True(compared > 0, $"{file.Name}: no text attribute to compare with pydicom");
        Assert.True(differences.Count == 0, $"{file.Name}: {differences.Count} text differences from pydicom:\n{string.Join('\n', differences.Take(20))}");
    }

    private static List<string> Compare(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected, Options);
        using var a = JsonDocument.Parse(actual, Options);
        return JsonModelComparer.Compare(e.RootElement, a.RootElement).ToList();
    }

    // A failed conversion prints one line on stderr and nothing on stdout (no half document).
    private static void AssertNothingPrinted(ProcessResult result)
    {
        CliAssert.FailedWithOneLine(result);
        Assert.Empty(result.StandardOutputBytes);
    }
}
