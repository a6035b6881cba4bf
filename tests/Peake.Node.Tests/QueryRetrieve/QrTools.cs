using Peake.Dicom;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Node.Tests.Replication;

namespace Peake.Node.Tests.QueryRetrieve;

/// <summary>
/// dcmtk's query/retrieve SCUs as a hospital runs them against a node's gateway: findscu with the response identifiers
/// extracted (-X), getscu into a folder, movescu naming a destination. Each is one bounded process (<see cref="Dcmtk"/>).
/// </summary>
internal static class QrTools
{
    public const string PatientRoot = "-P";
    public const string StudyRoot = "-S";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>findscu's result and its response identifiers, in the order they came.</summary>
    public static async Task<(PeerResult Result, List<DicomDataset> Responses)> FindAsync(
        ArchiveNode node, string hospital, string folder, string model, params string[] keys)
    {
        var output = Directory.CreateDirectory(Path.Combine(folder, $"find-{Guid.NewGuid():N}")).FullName;
        var result = await Dcmtk.RunAsync("findscu",
            ["-v", model, .. Common(node, hospital), "-X", "-od", output, .. keys.SelectMany(k => new[] { "-k", k }), node.Ip, $"{node.DicomPort}"], Bound);
        var responses = Directory.GetFiles(output, "rsp*.dcm").Order(StringComparer.Ordinal).Select(f => DicomFile.Open(f).Dataset).ToList();
        return (result, responses);
    }

    /// <summary>The values of one attribute over a find's responses (the find must succeed), sorted.</summary>
    public static async Task<List<string>> ValuesAsync(ArchiveNode node, string hospital, string folder, DicomTag tag, string model, params string[] keys)
    {
        var (result, responses) = await FindAsync(node, hospital, folder, model, keys);
        Assert.True(result.ExitCode == 0 && Said(result).Contains("Final Find Response (Success)", StringComparison.Ordinal), $"findscu {string.Join(' ', keys)}: {result}");
        return [.. responses.Select(r => r.GetString(tag) ?? "").Order(StringComparer.Ordinal)];
    }

    /// <summary>getscu of a study into a new folder (study root, study level, +B: the data sets written as they arrived).</summary>
    public static async Task<(PeerResult Result, string[] Files)> GetStudyAsync(ArchiveNode node, string hospital, string folder, string studyUid)
    {
        var output = Directory.CreateDirectory(Path.Combine(folder, $"get-{Guid.NewGuid():N}")).FullName;
        var result = await Dcmtk.RunAsync("getscu",
            ["-v", StudyRoot, .. Common(node, hospital), "+B", "-od", output, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={studyUid}", node.Ip, $"{node.DicomPort}"], Bound);
        return (result, Directory.GetFiles(output));
    }

    /// <summary>movescu of the given keys to <paramref name="destination"/> (study root).</summary>
    public static Task<PeerResult> MoveAsync(ArchiveNode node, string hospital, string destination, params string[] keys) =>
        Dcmtk.RunAsync("movescu", ["-v", StudyRoot, .. Common(node, hospital), "-aem", destination, .. keys.SelectMany(k => new[] { "-k", k }), node.Ip, $"{node.DicomPort}"], Bound);

    /// <summary>Everything the tool printed (dcmtk logs to both streams).</summary>
    public static string Said(PeerResult result) => result.StandardOutput + "\n" + result.StandardError;

    private static string[] Common(ArchiveNode node, string hospital) => ["-aet", hospital, "-aec", node.AeTitle, "-to", "20", "-ta", "20", "-td", "40"];

    /// <summary>Every file received is one of the instances sent, with its data set byte for byte; and every one came.</summary>
    public static void AssertSameDataSets(IEnumerable<CorpusInstance> sent, IEnumerable<string> received)
    {
        var bySop = received.ToDictionary(f => DicomFile.Open(f).Dataset.GetString(DicomTags.SOPInstanceUID)!, f => f);
        var expected = sent.ToList();
        Assert.Equal(expected.Select(c => c.SopInstanceUid).Order(StringComparer.Ordinal), bySop.Keys.Order(StringComparer.Ordinal));
        foreach (var instance in expected)
        {
            var got = BlobFiles.DataSet(File.ReadAllBytes(bySop[instance.SopInstanceUid]));
            var want = BlobFiles.DataSet(File.ReadAllBytes(instance.Path));
            Assert.True(got.SequenceEqual(want),
                $"{instance.SopInstanceUid}: the data set received ({got.Length} bytes) differs from the one sent ({want.Length} bytes) from byte {got.CommonPrefixLength(want)}");
        }
    }
}
