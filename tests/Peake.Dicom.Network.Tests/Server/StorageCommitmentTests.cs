using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Dicom.Network.Tests.Infrastructure;
using static Peake.Dicom.Network.Tests.Infrastructure.CommitmentScript;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// The Storage Commitment SCP (PS3.4 J.3) of <see cref="DicomServer"/> on the asking association, with our client:
/// reports on that association, malformed N-ACTIONs answered with their status while the association goes on,
/// hostile N-EVENT-REPORTs.
/// </summary>
public sealed class StorageCommitmentTests
{
    [Fact]
    public async Task A_request_is_answered_then_reported_on_the_same_association_which_goes_on()
    {
        await using var server = Start(new PrefixCommitmentHandler());
        await using var client = await DicomClientAssociation.OpenAsync("127.0.0.1", server.Server.Port, Request("MODALITY"));

        var result = await client.CommitAsync([new(SecondaryCapture, Kept + ".1"), new(SecondaryCapture, "1.2.3.9")], "1.2.826.0.1.3680043.99.30.9", TimeSpan.FromSeconds(10));

        Assert.Equal("1.2.826.0.1.3680043.99.30.9", result.TransactionUid);
        Assert.Equal([new SopReference(SecondaryCapture, Kept + ".1")], result.Committed);
        Assert.Equal([new FailedSopReference(SecondaryCapture, "1.2.3.9", CommitmentFailureReason.NoSuchObjectInstance)], result.Failed);
        Assert.Equal(StorageCommitmentSop.FailuresExistEventTypeId, result.EventTypeId);
        Assert.Equal(DimseStatus.Success, (await client.EchoAsync()).Status);
        var again = await client.CommitAsync([new(SecondaryCapture, Kept + ".2")]);
        Assert.Equal(StorageCommitmentSop.AllCommittedEventTypeId, again.EventTypeId);
        await client.ReleaseAsync();
    }

    [Fact]
    public async Task A_decision_slower_than_the_idle_timeout_is_still_reported_the_requestor_waits_on_us()
    {
        // The requestor rightly says nothing while we decide: that silence is ours, not idleness (1 s here).
        await using var server = Start(new PrefixCommitmentHandler(Task.Delay(TimeSpan.FromSeconds(2.5))), idleTimeout: TimeSpan.FromSeconds(1));
        await using var client = await DicomClientAssociation.OpenAsync("127.0.0.1", server.Server.Port, Request("MODALITY"));

        var result = await client.CommitAsync([new(SecondaryCapture, Kept + ".1")], timeout: TimeSpan.FromSeconds(10));

        Assert.Equal([new SopReference(SecondaryCapture, Kept + ".1")], result.Committed);
        await client.ReleaseAsync();
    }

    [Fact]
    public async Task The_client_gives_up_waiting_for_a_report_with_a_timeout_and_an_abort_and_is_told_of_a_refused_request()
    {
        var gate = new TaskCompletionSource();
        await using var server = Start(new PrefixCommitmentHandler(gate.Task));
        await using var waiting = await DicomClientAssociation.OpenAsync("127.0.0.1", server.Server.Port, Request("MODALITY"));

        await Assert.ThrowsAsync<TimeoutException>(() => waiting.CommitAsync([new(SecondaryCapture, Kept + ".1")], timeout: TimeSpan.FromMilliseconds(500)));
        Assert.NotEqual(Peake.Dicom.Network.Association.UpperLayerState.Sta6Established, waiting.State);
        gate.SetResult();

        await using var plain = TestServer.Start(syntaxes: new Dictionary<string, IReadOnlyList<string>> { [StorageCommitmentSop.SopClassUid] = [ImplicitLe] });
        await using var refused = await DicomClientAssociation.OpenAsync("127.0.0.1", plain.Server.Port, Request("MODALITY"));
        var e = await Assert.ThrowsAsync<StorageCommitmentRefusedException>(() => refused.CommitAsync([new(SecondaryCapture, Kept + ".1")]));
        Assert.Equal(DimseStatus.UnrecognizedOperation, e.Status);
        await refused.ReleaseAsync();
    }

    [Fact]
    public async Task Reports_decided_at_any_moment_relative_to_the_association_loop_all_go_out_without_waiting_for_the_peer()
    {
        // Decisions finishing on another thread around the moment the loop looks for outgoing work: none may be left
        // waiting for the peer's next PDU (which, here, never comes before the report).
        await using var server = Start(new PrefixCommitmentHandler(spin: true));
        await using var client = await DicomClientAssociation.OpenAsync("127.0.0.1", server.Server.Port, Request("MODALITY"));

        for (var i = 0; i < 300; i++)
        {
            var result = await client.CommitAsync([new(SecondaryCapture, Kept + ".1")], timeout: TimeSpan.FromSeconds(5));
            Assert.Single(result.Committed);
        }

        await client.ReleaseAsync();
    }

    public static TheoryData<string, ushort> MalformedActions => new()
    {
        { "action type 2", CommitmentStatus.NoSuchAction },
        { "another SOP instance", CommitmentStatus.InvalidObjectInstance },
        { "another SOP class", CommitmentStatus.NoSuchSopClass },
        { "no Transaction UID", CommitmentStatus.MissingAttribute },
        { "no Referenced SOP Sequence", CommitmentStatus.MissingAttribute },
        { "no data set", CommitmentStatus.MissingAttribute },
        { "an invalid Transaction UID", CommitmentStatus.InvalidArgumentValue },
        { "an unreadable data set", CommitmentStatus.InvalidArgumentValue },
    };

    [Theory]
    [MemberData(nameof(MalformedActions))]
    public async Task A_malformed_request_gets_its_failure_status_and_no_report_and_the_association_survives(string what, ushort status)
    {
        var handler = new PrefixCommitmentHandler();
        await using var server = Start(handler);
        using var peer = await AssociateAsync(server);
        var good = Information("1.2.826.0.1.3680043.99.30.8", withReferences: true);
        var (action, data) = what switch
        {
            "action type 2" => (Action(actionType: 2), good),
            "another SOP instance" => (Action(instance: "1.2.840.10008.1.20.1.2"), good),
            "another SOP class" => (Action(sopClass: Echo), good),
            "no Transaction UID" => (Action(), Information(null, withReferences: true)),
            "no Referenced SOP Sequence" => (Action(), Information("1.2.826.0.1.3680043.99.30.8", withReferences: false)),
            "no data set" => (Action() with { HasActionInformation = false }, null),
            "an invalid Transaction UID" => (Action(), Information("1.2.x", withReferences: true)),
            _ => (Action(), Bytes.Hex("08009511 FFFF0000 4142")),
        };

        await SendAsync(peer, 1, action, data);

        var response = Assert.IsType<NActionResponse>(await ReceiveCommandAsync(peer));
        Assert.Equal(status, response.Status);
        Assert.Equal(action.MessageId, response.MessageIdBeingRespondedTo);
        await SendAsync(peer, 3, new CEchoRequest(9), null);
        // The echo's response comes next: no N-EVENT-REPORT follows a refused request.
        Assert.Equal(DimseStatus.Success, Assert.IsType<CEchoResponse>(await ReceiveCommandAsync(peer)).Status);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task An_action_information_over_the_limit_is_drained_and_refused_0213_and_the_association_survives()
    {
        var handler = new PrefixCommitmentHandler();
        await using var server = Start(handler);
        using var peer = await AssociateAsync(server);
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(Action()))]));
        var chunk = new byte[16000];
        for (var sent = 0; sent <= 4 * 1024 * 1024; sent += chunk.Length)
        {
            await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, false, false, chunk)]));
        }

        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, false, true, new byte[2])]));

        Assert.Equal(CommitmentStatus.ResourceLimitation, Assert.IsType<NActionResponse>(await ReceiveCommandAsync(peer)).Status);
        await SendAsync(peer, 3, new CEchoRequest(9), null);
        Assert.Equal(DimseStatus.Success, Assert.IsType<CEchoResponse>(await ReceiveCommandAsync(peer)).Status);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task A_server_without_storage_commitment_answers_N_ACTION_0211()
    {
        await using var server = TestServer.Start(syntaxes: new Dictionary<string, IReadOnlyList<string>> { [StorageCommitmentSop.SopClassUid] = [ImplicitLe], [Echo] = [ImplicitLe] });
        using var peer = await AssociateAsync(server);

        await SendAsync(peer, 1, Action(), Information("1.2.826.0.1.3680043.99.30.5", withReferences: true));

        Assert.Equal(DimseStatus.UnrecognizedOperation, Assert.IsType<NActionResponse>(await ReceiveCommandAsync(peer)).Status);
        await SendAsync(peer, 3, new CEchoRequest(9), null);
        Assert.Equal(DimseStatus.Success, Assert.IsType<CEchoResponse>(await ReceiveCommandAsync(peer)).Status);
    }

    [Fact]
    public async Task A_hostile_event_report_is_answered_unrecognized_and_a_response_to_nothing_aborts()
    {
        await using var server = Start(new PrefixCommitmentHandler());
        using var peer = await AssociateAsync(server);

        await SendAsync(peer, 1, new NEventReportRequest(5, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, 77), Bytes.Hex("FFFFFFFF 01020304"));
        var answer = Assert.IsType<NEventReportResponse>(await ReceiveCommandAsync(peer));
        Assert.Equal(DimseStatus.UnrecognizedOperation, answer.Status);
        Assert.Equal(5, answer.MessageIdBeingRespondedTo);

        await SendAsync(peer, 1, new NEventReportResponse(42, DimseStatus.Success, null, null, 1), null);
        Assert.IsType<AbortPdu>(await peer.ReceiveAsync(Bound));
        await peer.AssertClosedWithinAsync(Bound);
    }

    [Fact]
    public async Task Two_requests_before_either_report_each_get_their_report_and_answers_match_them()
    {
        var gate = new TaskCompletionSource();
        var delivered = new List<string>();
        await using var server = Start(new PrefixCommitmentHandler(gate.Task), o => o with { ReportDelivered = (_, r) => { lock (delivered) { delivered.Add(r.TransactionUid); } } });
        using var peer = await AssociateAsync(server);
        await SendAsync(peer, 1, Action() with { MessageId = 1 }, Information("1.2.826.0.1.3680043.99.30.11", withReferences: true));
        Assert.Equal(DimseStatus.Success, Assert.IsType<NActionResponse>(await ReceiveCommandAsync(peer)).Status);
        await SendAsync(peer, 1, Action() with { MessageId = 2 }, Information("1.2.826.0.1.3680043.99.30.12", withReferences: true));
        Assert.Equal(DimseStatus.Success, Assert.IsType<NActionResponse>(await ReceiveCommandAsync(peer)).Status);

        gate.SetResult();

        var ids = new List<ushort>();
        for (var i = 0; i < 2; i++)
        {
            var report = Assert.IsType<NEventReportRequest>(await ReceiveCommandAsync(peer));
            Assert.Equal(StorageCommitmentSop.AllCommittedEventTypeId, report.EventTypeId);
            Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound));
            ids.Add(report.MessageId);
        }

        foreach (var id in ids.AsEnumerable().Reverse())
        {
            await SendAsync(peer, 1, new NEventReportResponse(id, DimseStatus.Success, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, 1), null);
        }

        await SendAsync(peer, 3, new CEchoRequest(9), null);
        Assert.Equal(DimseStatus.Success, Assert.IsType<CEchoResponse>(await ReceiveCommandAsync(peer)).Status);
        lock (delivered)
        {
            Assert.Equal(["1.2.826.0.1.3680043.99.30.11", "1.2.826.0.1.3680043.99.30.12"], delivered.Order(StringComparer.Ordinal));
        }
    }
}
