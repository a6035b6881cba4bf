using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>dcmtk's storescu against our SCP, writing into a folder store.</summary>
public sealed class StoreTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> StorageSyntaxes = new Dictionary<string, IReadOnlyList<string>>
    {
        ["1.2.840.10008.1.1"] = ["1.2.840.10008.1.2"],
        [StoreCorpus.SecondaryCapture] = StoreCorpus.Syntaxes,
        [StoreCorpus.CtImage] = StoreCorpus.Syntaxes,
    };

    [Fact]
    public async Task Storescu_stores_every_file_with_its_data_set_byte_identical_in_its_own_syntax()
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 5);
        await using var server = TestServer.Start(syntaxes: StorageSyntaxes);

        // storescu proposes one syntax family per run; each run sends the files already in that syntax.
        foreach (var group in corpus.Files.GroupBy(Part10.TransferSyntax))
        {
            var result = await PeerProcess.RunAsync(
                "storescu",
                ["-aet", "STORESCU", "-aec", TestServer.AeTitle, ProposeOption(group.Key), "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", server.Port, .. group],
                TimeSpan.FromSeconds(60));
            Assert.True(result.ExitCode == 0, $"{group.Key}: {result}");
        }

        Assert.Equal(corpus.Files.Count, server.StoredFiles().Length);
        foreach (var original in corpus.Files)
        {
            var stored = Path.Combine(server.Directory, Part10.SopInstanceUid(original) + ".dcm");
            Assert.True(File.Exists(stored), $"{original} was not stored");
            Assert.Equal(Part10.TransferSyntax(original), Part10.TransferSyntax(stored));
            var sent = Part10.DataSetBytes(original);
            var received = Part10.DataSetBytes(stored);
            if (Part10.TransferSyntax(original) == "1.2.840.10008.1.2.1.99" && sent.Length % 2 == 1)
            {
                // storescu sends a deflated data set padded to even length with one 00H (the file it read was not): the
                // store keeps exactly what was sent.
                sent = [.. sent, 0];
            }
            Assert.True(sent.AsSpan().SequenceEqual(received), $"{original} ({Part10.TransferSyntax(original)}): {sent.Length} bytes sent, {received.Length} stored");
            // The file meta group written here must satisfy dcmtk as well.
            var dump = await PeerProcess.RunAsync("dcmdump", ["-q", stored], TimeSpan.FromSeconds(30));
            Assert.True(dump.ExitCode == 0 && dump.StandardError.Length == 0, $"dcmdump {stored}: {dump}");
        }
        Assert.Equal(server.StoredFiles().Length, server.AllFiles().Length);
    }

    /// <summary>storescu's option that proposes <paramref name="syntax"/> first.</summary>
    private static string ProposeOption(string syntax) => syntax switch
    {
        "1.2.840.10008.1.2" => "-xi",
        "1.2.840.10008.1.2.1" => "-xe",
        "1.2.840.10008.1.2.2" => "-xb",
        "1.2.840.10008.1.2.1.99" => "-xd",
        "1.2.840.10008.1.2.4.50" => "-xy",
        "1.2.840.10008.1.2.4.70" => "-xs",
        "1.2.840.10008.1.2.5" => "-xr",
        _ => throw new ArgumentOutOfRangeException(nameof(syntax), syntax, null),
    };
}
