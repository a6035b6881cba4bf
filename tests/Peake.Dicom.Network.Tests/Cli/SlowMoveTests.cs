using System.Globalization;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>
/// The idle timeout of `peake dicom scp --timeout S` is the requestor's silence, not the length of an operation: a
/// C-MOVE to a slow destination lasts longer than S while movescu rightly says nothing, and must still complete.
/// </summary>
public sealed class SlowMoveTests
{
    private const string Study = "1.2.826.0.1.3680043.99.31.1";

    [Fact]
    public async Task A_move_to_a_slow_destination_outlasting_the_idle_timeout_completes()
    {
        using var work = new WorkFolder();
        string[] sources =
        [
            await RetrieveSources.MakeAsync(work.Path, "1.2.826.0.1.3680043.99.31.3.1", Study, "1.2.826.0.1.3680043.99.31.2.1", "+te"),
            await RetrieveSources.MakeAsync(work.Path, "1.2.826.0.1.3680043.99.31.3.2", Study, "1.2.826.0.1.3680043.99.31.2.1", "+te"),
        ];

        // storescp sleeps inside each store (about 3 s per instance here): the move outlasts the 1.5 s idle timeout.
        using var storescp = await Storescp.StartAsync(Path.Combine(work.Path, "moved"), extraArguments: ["--sleep-during", "1"]);
        await using var scp = await PeakeScp.StartAsync(
            "--aet", "PEAKE", "--accept-any-calling-ae", "--timeout", "1.5",
            "--move-destination", $"{Storescp.AeTitle}=127.0.0.1:{storescp.Port.ToString(CultureInfo.InvariantCulture)}");
        string[] common = ["-aec", "PEAKE", "-to", "10", "-ta", "10", "-td", "30"];
        var store = await PeerProcess.RunAsync("storescu", [.. common, "127.0.0.1", scp.PortText, .. sources], TimeSpan.FromSeconds(60));
        Assert.True(store.ExitCode == 0, $"{store}\n{scp.Output}");

        var started = DateTime.UtcNow;
        var move = await PeerProcess.RunAsync(
            "movescu",
            ["-v", "-S", .. common, "-aem", Storescp.AeTitle, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={Study}", "127.0.0.1", scp.PortText],
            TimeSpan.FromSeconds(60));

        Assert.True(move.ExitCode == 0, $"{move}\n{scp.Output}");
        Assert.Contains("Received Final Move Response (Success)", move.StandardError + move.StandardOutput, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started > TimeSpan.FromSeconds(2), "the destination was not slow: the test proves nothing");
    }
}
