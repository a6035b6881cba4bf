using System.Net;
using System.Net.Sockets;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Client;

/// <summary>
/// The commitment requestor against a scripted SCP that sends its reports where PS3.4 J.3.3 allows but our own SCP
/// never does: before the N-ACTION-RSP, and in the same P-DATA-TF as the response to another request.
/// </summary>
public sealed class CommitmentClientTests
{
    private static readonly TimeSpan Bound = CommitmentScript.Bound;
    private static readonly SopReference Instance = new(CommitmentScript.SecondaryCapture, CommitmentScript.Kept + ".1");

    [Fact]
    public async Task Reports_arriving_before_the_N_ACTION_RSP_or_queued_behind_another_response_are_served_on_the_one_receive_path()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = new List<string>();
        var request = CommitmentScript.Request("REQ") with { CommitmentReportReceived = r => { lock (taken) { taken.Add(r.TransactionUid); } return true; } };
        var scp = RunScpAsync(listener);
        await using var client = await DicomClientAssociation.OpenAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, request);

        var first = await client.RequestCommitmentAsync([Instance]);
        await client.EchoAsync();
        var second = await client.CommitAsync([Instance], timeout: Bound);
        await client.ReleaseAsync();

        var answers = await scp.WaitAsync(Bound);
        Assert.Equal(second.TransactionUid, answers.Last().Transaction);
        Assert.All(answers, a => Assert.Equal(DimseStatus.Success, a.Status));
        Assert.Equal([first, first], taken);
        Assert.Equal([first, first, second.TransactionUid], answers.Select(a => a.Transaction));
    }

    [Fact]
    public async Task A_report_arriving_while_the_release_is_awaited_is_decoded_and_offered_though_it_cannot_be_answered()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = new List<StorageCommitmentResult>();
        var request = CommitmentScript.Request("REQ") with { CommitmentReportReceived = r => { lock (taken) { taken.Add(r); } return true; } };
        var scp = RunReportOnReleaseAsync(listener);
        await using var client = await DicomClientAssociation.OpenAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, request);

        await client.ReleaseAsync();

        // PS3.8 Table 9-10: no P-DATA can go out in Sta7, so the SCP saw the release answered and nothing else.
        Assert.IsType<ReleaseRequestPdu>(await scp.WaitAsync(Bound));
        Assert.Equal("1.2.826.0.1.3680043.99.32.1", Assert.Single(taken).TransactionUid);
        Assert.Equal([Instance], taken[0].Committed);
    }

    /// <summary>Answers the A-RELEASE-RQ with a report, split over two PDUs, then the A-RELEASE-RP.</summary>
    private static async Task<DicomPdu?> RunReportOnReleaseAsync(TcpListener listener)
    {
        using var peer = await CommitmentMessages.AcceptAsync(listener);
        var release = await peer.ReceiveAsync(Bound);
        var report = CommitmentMessages.Report(Instance, 1, "1.2.826.0.1.3680043.99.32.1");
        await peer.SendAsync(new PDataTransferPdu([report[0]]));
        await peer.SendAsync(new PDataTransferPdu([report[1]]));
        await peer.SendAsync(ReleaseResponsePdu.Instance);
        return release;
    }

    /// <summary>The SCP side; returns each report's transaction and the status the requestor answered it with.</summary>
    private static async Task<List<(string Transaction, ushort Status)>> RunScpAsync(TcpListener listener)
    {
        using var peer = await CommitmentMessages.AcceptAsync(listener);
        var messages = new Queue<(DimseMessage, byte[]?)>();
        var answers = new List<(string, ushort)>();

        // Request 1: its report goes first, then the N-ACTION-RSP.
        var (action, transaction) = await CommitmentMessages.ReadActionAsync(peer, messages);
        await peer.SendAsync(new PDataTransferPdu(CommitmentMessages.Report(Instance, 1, transaction)));
        answers.Add((transaction, await CommitmentMessages.ReadReportAnswerAsync(peer, messages, 1)));
        await peer.SendAsync(new PDataTransferPdu([CommitmentMessages.Pdv(new NActionResponse(action.MessageId, DimseStatus.Success, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, 1))]));

        // The C-ECHO-RSP and the same report again, in one PDU: the report waits in the client's queue.
        var echo = Assert.IsType<CEchoRequest>((await CommitmentMessages.ReadMessageAsync(peer, messages)).Command);
        await peer.SendAsync(new PDataTransferPdu([CommitmentMessages.Pdv(new CEchoResponse(echo.MessageId, DimseStatus.Success), contextId: 3), .. CommitmentMessages.Report(Instance, 2, transaction)]));

        // Request 2: its N-ACTION comes before the answer to the queued report; then response and report in one PDU.
        var (action2, transaction2) = await CommitmentMessages.ReadActionAsync(peer, messages);
        answers.Add((transaction, await CommitmentMessages.ReadReportAnswerAsync(peer, messages, 2)));
        await peer.SendAsync(new PDataTransferPdu(
            [CommitmentMessages.Pdv(new NActionResponse(action2.MessageId, DimseStatus.Success, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, 1)), .. CommitmentMessages.Report(Instance, 3, transaction2)]));
        answers.Add((transaction2, await CommitmentMessages.ReadReportAnswerAsync(peer, messages, 3)));

        Assert.IsType<ReleaseRequestPdu>(await peer.ReceiveAsync(Bound));
        await peer.SendAsync(ReleaseResponsePdu.Instance);
        return answers;
    }
}
