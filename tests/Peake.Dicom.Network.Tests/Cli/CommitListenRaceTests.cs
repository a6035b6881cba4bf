using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>
/// `peake dicom commit --listen` against a scripted SCP as fast as PS3.4 J.3.3 allows: it delivers the report on an
/// association of its own before it sends the N-ACTION-RSP.
/// </summary>
public sealed class CommitListenRaceTests
{
    [Fact]
    public async Task A_report_delivered_before_the_N_ACTION_RSP_is_taken_by_the_listener()
    {
        var work = Path.Combine(Path.GetTempPath(), "peake-cli-commit-race-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var file = await CommitCommandTests.MakeFileAsync(work, 7);
            var listen = ClosedPort.Get();
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var scp = RunFastScpAsync(listener, listen);

            var commit = await PeakeProcess.RunAsync(
                ["dicom", "commit", "127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture), "--aet", "PEAKECLI", "--listen", listen.ToString(CultureInfo.InvariantCulture), "--timeout", "10", file]);

            Assert.Equal(DimseStatus.Success, await scp.WaitAsync(CommitmentScript.Bound));
            Assert.True(commit.ExitCode == 0, commit.ToString());
            Assert.Contains("1 committed, 0 failed", commit.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Takes one N-ACTION, reports to the listener at once, then answers; returns the listener's status.</summary>
    private static async Task<ushort> RunFastScpAsync(TcpListener listener, int listen)
    {
        using var peer = await CommitmentMessages.AcceptAsync(listener);
        var messages = new Queue<(DimseMessage, byte[]?)>();
        var (action, transaction) = await CommitmentMessages.ReadActionAsync(peer, messages);

        var request = new AssociationRequest
        {
            CallingAeTitle = "FASTSCP",
            CalledAeTitle = "PEAKECLI",
            PresentationContexts = [new PresentationContextRequest(1, StorageCommitmentSop.SopClassUid, [CommitmentScript.ImplicitLe])],
            RoleSelections = [new RoleSelection(StorageCommitmentSop.SopClassUid, ScuRole: false, ScpRole: true)],
            ResponseTimeout = CommitmentScript.Bound,
        };
        ushort status;
        await using (var back = await DicomClientAssociation.OpenAsync("127.0.0.1", listen, request))
        {
            var result = new StorageCommitmentResult(transaction, [new(CommitmentScript.SecondaryCapture, "1.2.826.0.1.3680043.99.20.3.7")], []);
            status = (await back.ReportCommitmentAsync(result, "FASTSCP")).Status;
            await back.ReleaseAsync();
        }

        await peer.SendAsync(new PDataTransferPdu([CommitmentMessages.Pdv(new NActionResponse(action.MessageId, DimseStatus.Success, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, 1))]));
        Assert.IsType<ReleaseRequestPdu>(await peer.ReceiveAsync(CommitmentScript.Bound));
        await peer.SendAsync(ReleaseResponsePdu.Instance);
        return status;
    }
}
