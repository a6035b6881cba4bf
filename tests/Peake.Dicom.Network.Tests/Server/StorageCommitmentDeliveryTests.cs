using System.Net;
using System.Net.Sockets;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Dicom.Network.Tests.Infrastructure;
using static Peake.Dicom.Network.Tests.Infrastructure.CommitmentScript;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// Storage commitment reports the asking association cannot take (PS3.4 J.3.3): delivered on a new association to the
/// requestor's configured address, with the SCP role proposed, or abandoned when nobody can take them.
/// </summary>
public sealed class StorageCommitmentDeliveryTests
{
    [Fact]
    public async Task A_report_decided_after_the_requestor_released_goes_on_a_new_association_to_its_configured_address()
    {
        // The requestor's side: a server taking reports (the SCU role of the N-EVENT-REPORT) and granting the SCP role.
        var received = new TaskCompletionSource<(string, StorageCommitmentResult)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var requestor = TestServer.Start(
            o => o with
            {
                Acceptor = o.Acceptor with { AcceptAnyCalledAeTitle = true, RequestorScpRoleSopClasses = new HashSet<string> { StorageCommitmentSop.SopClassUid } },
                StorageCommitment = new StorageCommitmentOptions { ReportReceived = (ae, r) => received.TrySetResult((ae, r)) },
            },
            syntaxes: new Dictionary<string, IReadOnlyList<string>> { [StorageCommitmentSop.SopClassUid] = [ImplicitLe] });
        var gate = new TaskCompletionSource();
        var delivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Start(
            new PrefixCommitmentHandler(gate.Task),
            o => o with
            {
                Requestors = new Dictionary<string, MoveDestination> { ["MODALITY"] = new("127.0.0.1", requestor.Server.Port) },
                ReportDelivered = (ae, _) => delivered.TrySetResult(ae),
                ReportAbandoned = (ae, _, why) => delivered.TrySetException(new InvalidOperationException($"abandoned for {ae}: {why}")),
                RetryDelay = TimeSpan.FromMilliseconds(100),
            });
        using var peer = await AssociateAsync(server, "MODALITY");
        await SendAsync(peer, 1, Action(), Information("1.2.826.0.1.3680043.99.30.7", withReferences: true, "1.2.3.8"));
        Assert.Equal(DimseStatus.Success, Assert.IsType<NActionResponse>(await ReceiveCommandAsync(peer)).Status);
        await peer.SendAsync(ReleaseRequestPdu.Instance);
        Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync(Bound));

        gate.SetResult();

        var (callingAe, report) = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(TestServer.AeTitle, callingAe);
        Assert.Equal("1.2.826.0.1.3680043.99.30.7", report.TransactionUid);
        Assert.Equal([new SopReference(SecondaryCapture, Kept + ".3")], report.Committed);
        Assert.Equal([new FailedSopReference(SecondaryCapture, "1.2.3.8", CommitmentFailureReason.NoSuchObjectInstance)], report.Failed);
        Assert.Equal("MODALITY", await delivered.Task.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task The_new_association_proposes_the_SCP_role_and_carries_the_report_then_releases()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var gate = new TaskCompletionSource();
        await using var server = Start(
            new PrefixCommitmentHandler(gate.Task),
            o => o with { Requestors = new Dictionary<string, MoveDestination> { ["MODALITY"] = new("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port) } });
        using (var peer = await AssociateAsync(server, "MODALITY"))
        {
            await SendAsync(peer, 1, Action(), Information("1.2.826.0.1.3680043.99.30.4", withReferences: true, "1.2.3.7"));
            Assert.Equal(DimseStatus.Success, Assert.IsType<NActionResponse>(await ReceiveCommandAsync(peer)).Status);
            await peer.SendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified));
        }

        gate.SetResult();

        // A scripted requestor: what the SCP proposes and sends on the association it opens (PS3.4 J.3.3).
        using var back = await RawPeer.AcceptAsync(listener, Bound);
        var rq = Assert.IsType<AssociateRequestPdu>(await back.ReceiveAsync(Bound));
        Assert.Equal("MODALITY", rq.CalledAeTitle.Trim());
        Assert.Equal(TestServer.AeTitle, rq.CallingAeTitle.Trim());
        var context = Assert.Single(rq.PresentationContexts);
        Assert.Equal(StorageCommitmentSop.SopClassUid, context.AbstractSyntax);
        Assert.Equal(new RoleSelection(StorageCommitmentSop.SopClassUid, ScuRole: false, ScpRole: true), Assert.Single(rq.UserInformation.RoleSelections));
        await back.SendAsync(new AssociateAcceptPdu(
            rq.CalledAeTitle,
            rq.CallingAeTitle,
            [new PresentationContextAccept(context.Id, PresentationContextResult.Acceptance, ImplicitLe)],
            new UserInformation(16384, "1.2.3", RoleSelections: [new RoleSelection(StorageCommitmentSop.SopClassUid, false, true)])));

        var report = Assert.IsType<NEventReportRequest>(await ReceiveCommandAsync(back));
        Assert.Equal(StorageCommitmentSop.FailuresExistEventTypeId, report.EventTypeId);
        Assert.Equal(StorageCommitmentSop.SopInstanceUid, report.AffectedSopInstanceUid);
        var data = Assert.IsType<PDataTransferPdu>(await back.ReceiveAsync(Bound)).Values.Single();
        Assert.False(data.IsCommand);
        var result = StorageCommitmentDataSets.ReadEventInformation(data.Data, DicomTransferSyntax.ImplicitVRLittleEndian);
        Assert.Equal("1.2.826.0.1.3680043.99.30.4", result.TransactionUid);
        Assert.Equal([new SopReference(SecondaryCapture, Kept + ".3")], result.Committed);
        Assert.Equal([new FailedSopReference(SecondaryCapture, "1.2.3.7", CommitmentFailureReason.NoSuchObjectInstance)], result.Failed);
        await SendAsync(back, context.Id, new NEventReportResponse(report.MessageId, DimseStatus.Success, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, report.EventTypeId), null);
        Assert.IsType<ReleaseRequestPdu>(await back.ReceiveAsync(Bound));
        await back.SendAsync(ReleaseResponsePdu.Instance);
        await back.AssertClosedWithinAsync(Bound);
    }

    [Fact]
    public async Task A_report_for_a_requestor_with_no_known_address_is_abandoned_and_said_so()
    {
        var gate = new TaskCompletionSource();
        var abandoned = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Start(new PrefixCommitmentHandler(gate.Task), o => o with { ReportAbandoned = (ae, _, why) => abandoned.TrySetResult($"{ae}: {why}") });
        using var peer = await AssociateAsync(server, "UNKNOWN");
        await SendAsync(peer, 1, Action(), Information("1.2.826.0.1.3680043.99.30.6", withReferences: true));
        Assert.Equal(DimseStatus.Success, Assert.IsType<NActionResponse>(await ReceiveCommandAsync(peer)).Status);
        await peer.SendAsync(ReleaseRequestPdu.Instance);
        Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync(Bound));

        gate.SetResult();

        Assert.StartsWith("UNKNOWN: ", await abandoned.Task.WaitAsync(TimeSpan.FromSeconds(20)), StringComparison.Ordinal);
    }
}
