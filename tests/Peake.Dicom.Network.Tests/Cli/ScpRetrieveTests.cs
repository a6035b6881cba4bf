using System.Globalization;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>
/// `peake dicom scp` as a retrieve SCP: getscu, movescu and `peake dicom move` (to storescp named by --move-destination).
/// </summary>
public sealed class ScpRetrieveTests
{
    private const string Study = "1.2.826.0.1.3680043.99.9.1";

    [Fact]
    public async Task Getscu_and_movescu_against_peake_scp_bring_back_the_stored_study_byte_identical()
    {
        var work = Path.Combine(Path.GetTempPath(), "peake-cli-retrieve-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var sources = new List<string>();
            for (var i = 1; i <= 2; i++)
            {
                var dump = Path.Combine(work, $"{i}.txt");
                var file = Path.Combine(work, $"{i}.dcm");
                await File.WriteAllTextAsync(dump, $"""
                    (0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]
                    (0008,0018) UI [1.2.826.0.1.3680043.99.9.3.{i}]
                    (0010,0020) LO [P9]
                    (0020,000d) UI [{Study}]
                    (0020,000e) UI [1.2.826.0.1.3680043.99.9.2.1]
                    """);
                var made = await PeerProcess.RunAsync("dump2dcm", ["+te", dump, file], TimeSpan.FromSeconds(30));
                Assert.True(made.ExitCode == 0, made.ToString());
                sources.Add(file);
            }

            using var storescp = await Storescp.StartAsync(Path.Combine(work, "moved"));
            await using var scp = await PeakeScp.StartAsync(
                "--aet", "PEAKE", "--accept-any-calling-ae", "--move-destination", $"{Storescp.AeTitle}=127.0.0.1:{storescp.Port.ToString(CultureInfo.InvariantCulture)}");
            string[] common = ["-aec", "PEAKE", "-to", "10", "-ta", "10", "-td", "30"];
            var store = await PeerProcess.RunAsync("storescu", [.. common, "127.0.0.1", scp.PortText, .. sources], TimeSpan.FromSeconds(60));
            Assert.True(store.ExitCode == 0, $"{store}\n{scp.Output}");

            var got = Path.Combine(work, "got");
            Directory.CreateDirectory(got);
            var get = await PeerProcess.RunAsync(
                "getscu", ["-S", .. common, "-od", got, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={Study}", "127.0.0.1", scp.PortText], TimeSpan.FromSeconds(60));
            Assert.True(get.ExitCode == 0, $"{get}\n{scp.Output}");
            AssertSameDataSets(sources, Directory.GetFiles(got));

            var move = await PeerProcess.RunAsync(
                "movescu",
                ["-S", .. common, "-aem", Storescp.AeTitle, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={Study}", "127.0.0.1", scp.PortText],
                TimeSpan.FromSeconds(60));
            Assert.True(move.ExitCode == 0, $"{move}\n{scp.Output}");
            await Eventually.Until(() => Directory.GetFiles(Path.Combine(work, "moved")).Length >= sources.Count, TimeSpan.FromSeconds(10));
            AssertSameDataSets(sources, Directory.GetFiles(Path.Combine(work, "moved")));

            // Our own C-MOVE client, to the same destination and to one peake scp does not know.
            foreach (var moved in Directory.GetFiles(Path.Combine(work, "moved")))
            {
                File.Delete(moved);
            }
            var peakeMove = await PeakeProcess.RunAsync(
                ["dicom", "move", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "--dest", Storescp.AeTitle, "-k", $"StudyInstanceUID={Study}"]);
            Assert.True(peakeMove.ExitCode == 0, $"{peakeMove}\n{scp.Output}");
            Assert.Contains("2 completed, 0 failed", peakeMove.StandardOutput, StringComparison.Ordinal);
            await Eventually.Until(() => Directory.GetFiles(Path.Combine(work, "moved")).Length >= sources.Count, TimeSpan.FromSeconds(10));
            AssertSameDataSets(sources, Directory.GetFiles(Path.Combine(work, "moved")));
            var unknown = await PeakeProcess.RunAsync(["dicom", "move", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "--dest", "NOWHERE", "-k", $"StudyInstanceUID={Study}"]);
            Assert.True(unknown.ExitCode == 1, unknown.ToString());
            Assert.Contains("0xA801", unknown.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Theory]
    [InlineData("STORESCP")]
    [InlineData("STORESCP=localhost")]
    [InlineData("=localhost:104")]
    [InlineData("STORESCP=localhost:0")]
    public async Task Peake_scp_with_a_malformed_move_destination_exits_2_with_usage(string destination)
    {
        var result = await PeakeProcess.RunAsync(["dicom", "scp", "--port", "0", "--dir", "x", "--accept-any-calling-ae", "--move-destination", destination]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("usage: peake dicom scp", result.StandardError, StringComparison.Ordinal);
    }

    private static void AssertSameDataSets(List<string> sources, string[] received)
    {
        var bySop = received.ToDictionary(Part10.SopInstanceUid, f => f);
        Assert.Equal(sources.Select(Part10.SopInstanceUid).Order(StringComparer.Ordinal), bySop.Keys.Order(StringComparer.Ordinal));
        foreach (var source in sources)
        {
            Assert.Equal(Part10.DataSetBytes(source), Part10.DataSetBytes(bySop[Part10.SopInstanceUid(source)]));
        }
    }
}
