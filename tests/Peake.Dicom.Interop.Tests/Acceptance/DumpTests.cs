using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// `peake dicom dump` over both corpora: it reads every file dcmdump reads and lists every top-level element dcmdump
/// lists; on every damaged file dcmdump rejects (real ones, and truncated copies made here) it exits 1 with exactly one
/// line on stderr and no stack trace.
/// </summary>
[Trait("Category", "Interop")]
public sealed class DumpTests
{
    // Cut points for the truncated copies: inside the data set of each sample, at different depths.
    private static readonly int[] Fractions = [2, 3, 5];

    private static readonly string[] TruncationSamples =
    [
        "pydicom/test_files/CT_small.dcm",
        "pydicom/test_files/MR_small_bigendian.dcm",
        "pydicom/test_files/rtplan.dcm",
        "pydicom/test_files/image_dfl.dcm",
        "pydicom/test_files/JPEG2000.dcm",
        "corpus/files/sequences.dcm",
        "corpus/files/vr-standard.dcm",
    ];

    public static TheoryData<string> ReadableFiles => AcceptanceFiles.Names(f => f.DcmdumpReads);

    public static TheoryData<string> UnreadableFiles => AcceptanceFiles.Names(f => !f.DcmdumpReads);

    public static TheoryData<string, int> Truncations()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in TruncationSamples)
        {
            foreach (var fraction in Fractions)
            {
                data.Add(name, fraction);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public async Task Dump_Should_ListEveryTopLevelElementDcmdumpLists(string name)
    {
        var file = AcceptanceFiles.Get(name);
        var ours = await PeakeCli.RunAsync(["dicom", "dump", file.Path]);
        Assert.True(ours.Succeeded, ours.Describe());

        var listed = DcmdumpListing.Parse(ours.StandardOutput).Dataset.Where(e => e.Depth == 0).Select(e => e.Tag).ToHashSet();
        var missing = DcmdumpListing.Parse(file.DumpText).Dataset.Where(e => e.Depth == 0).Select(e => e.Tag).Where(t => !listed.Contains(t)).ToList();
        Assert.True(missing.Count == 0, $"{name}: dcmdump lists {string.Join(' ', missing)}, we do not");
    }

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public async Task Dump_Should_FailWithOneClearLine_OnFilesDcmdumpRejects(string name)
    {
        var ours = await PeakeCli.RunAsync(["dicom", "dump", AcceptanceFiles.Get(name).Path]);
        CliAssert.FailedWithOneLine(ours);
    }

    [Theory]
    [MemberData(nameof(Truncations))]
    public async Task Dump_Should_AgreeWithDcmdump_OnATruncatedCopy(string name, int fraction)
    {
        var file = AcceptanceFiles.Get(name);
        var bytes = await File.ReadAllBytesAsync(file.Path);
        var copy = Transcodes.ScratchPath($"truncated-{fraction}", file);
        await File.WriteAllBytesAsync(copy, bytes[..(bytes.Length / fraction + 3)]);

        var dcmdump = await DcmtkTool.RunAsync("dcmdump", [copy]);
        var ours = await PeakeCli.RunAsync(["dicom", "dump", copy]);
        if (dcmdump.Succeeded)
        {
            Assert.True(ours.Succeeded, $"dcmdump reads {copy}, we do not:\n{ours.Describe()}");
        }
        else
        {
            CliAssert.FailedWithOneLine(ours);
        }
    }
}
