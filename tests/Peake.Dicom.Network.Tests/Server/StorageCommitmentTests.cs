using System.Net;
using System.Net.Sockets;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// The Storage Commitment SCP (PS3.4 J.3) of <see cref="DicomServer"/>: reports on the asking association, malformed
/// N-ACTIONs answered with their status while the association goes on, hostile N-EVENT-REPORTs, and reports that
/// must go to a new association because the requestor released first.
/// </summary>
public sealed class StorageCommitmentTests
{
    private const string Echo = "1.2.840.10008.1.1";
    private const string ImplicitLe = "1.2.840.10008.1.2";
    private const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";
    private const string Kept = "1.2.826.0.1.3680043.99.30.1";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_request_is_answered_then_reported_on_the_same_association_which_goes_on()
    {
        await using var server = Start(new PrefixHandler());
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
    public async Task The_client_gives_up_waiting_for_a_report_with_a_timeout_and_an_abort_and_is_told_of_a_refused_request()
    {
        var gate = new TaskCompletionSource();
        await using var server = Start(new PrefixHandler(gate.Task));
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
        await using var server = Start(new PrefixHandler(spin: true));
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
        var handler = new PrefixHandler();
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
        var handler = new PrefixHandler();
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
        await using var server = Start(new PrefixHandler());
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
        await using var server = Start(new PrefixHandler(gate.Task), o => o with { ReportDelivered = (_, r) => { lock (delivered) { delivered.Add(r.TransactionUid); } } });
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
            new PrefixHandler(gate.Task),
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
            new PrefixHandler(gate.Task),
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
        await using var server = Start(new PrefixHandler(gate.Task), o => o with { ReportAbandoned = (ae, _, why) => abandoned.TrySetResult($"{ae}: {why}") });
        using var peer = await AssociateAsync(server, "UNKNOWN");
        await SendAsync(peer, 1, Action(), Information("1.2.826.0.1.3680043.99.30.6", withReferences: true));
        Assert.Equal(DimseStatus.Success, Assert.IsType<NActionResponse>(await ReceiveCommandAsync(peer)).Status);
        await peer.SendAsync(ReleaseRequestPdu.Instance);
        Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync(Bound));

        gate.SetResult();

        Assert.StartsWith("UNKNOWN: ", await abandoned.Task.WaitAsync(TimeSpan.FromSeconds(20)), StringComparison.Ordinal);
    }

    private static TestServer Start(IStorageCommitmentHandler handler, Func<StorageCommitmentOptions, StorageCommitmentOptions>? configure = null)
    {
        var commitment = new StorageCommitmentOptions { Handler = handler };
        return TestServer.Start(
            o => o with { StorageCommitment = configure?.Invoke(commitment) ?? commitment },
            syntaxes: new Dictionary<string, IReadOnlyList<string>> { [StorageCommitmentSop.SopClassUid] = [ImplicitLe], [Echo] = [ImplicitLe] });
    }

    private static AssociationRequest Request(string callingAe) => new()
    {
        CallingAeTitle = callingAe,
        CalledAeTitle = TestServer.AeTitle,
        PresentationContexts = [new PresentationContextRequest(1, StorageCommitmentSop.SopClassUid, [ImplicitLe]), new PresentationContextRequest(3, Echo, [ImplicitLe])],
        ResponseTimeout = Bound,
    };

    private static async Task<RawPeer> AssociateAsync(TestServer server, string callingAe = "RAW")
    {
        var peer = await RawPeer.ConnectAsync(server.Server.Port);
        var rq = Request(callingAe);
        await peer.SendAsync(new AssociateRequestPdu(rq.CalledAeTitle, rq.CallingAeTitle, rq.PresentationContexts, new UserInformation(16384, "1.2.3")));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
        return peer;
    }

    private static NActionRequest Action(ushort actionType = 1, string instance = StorageCommitmentSop.SopInstanceUid, string sopClass = StorageCommitmentSop.SopClassUid) =>
        new(7, sopClass, instance, actionType);

    private static byte[] Information(string? transactionUid, bool withReferences, params string[] alsoReferenced)
    {
        var ds = new DicomDataset();
        if (transactionUid is not null)
        {
            ds.SetString(DicomTags.TransactionUID, DicomVR.UI, transactionUid);
        }

        if (withReferences)
        {
            var item = new DicomDataset();
            item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, SecondaryCapture);
            item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, Kept + ".3");
            var others = alsoReferenced.Select(uid =>
            {
                var other = new DicomDataset();
                other.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, SecondaryCapture);
                other.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, uid);
                return other;
            });
            ds.Set(new DicomSequence(DicomTags.ReferencedSOPSequence, [item, .. others]));
        }

        return DicomWriter.ToBytes(ds, DicomTransferSyntax.ImplicitVRLittleEndian);
    }

    private static async Task SendAsync(RawPeer peer, byte contextId, DimseMessage command, byte[]? data)
    {
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(contextId, true, true, DimseCommandCodec.Encode(command))]));
        if (data is not null)
        {
            await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(contextId, false, true, data)]));
        }
    }

    private static async Task<DimseMessage> ReceiveCommandAsync(RawPeer peer)
    {
        var pdv = Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound)).Values.Single();
        Assert.True(pdv.IsCommand && pdv.IsLast);
        return DimseCommandCodec.Decode(pdv.Data);
    }

    /// <summary>Commits instances under <see cref="Kept"/>, fails the rest with 0112H; optionally decides only once released.</summary>
    private sealed class PrefixHandler(Task? gate = null, bool spin = false) : IStorageCommitmentHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (gate is not null)
            {
                await gate.WaitAsync(cancellationToken);
            }

            if (spin)
            {
                // A few microseconds of work, varying, so completions land all around the loop's checks.
                Thread.SpinWait(Random.Shared.Next(1, 20_000));
            }

            var kept = request.References.Where(r => r.SopInstanceUid.StartsWith(Kept + ".", StringComparison.Ordinal)).ToList();
            var failed = request.References.Except(kept)
                .Select(r => new FailedSopReference(r.SopClassUid, r.SopInstanceUid, CommitmentFailureReason.NoSuchObjectInstance))
                .ToList();
            return new StorageCommitmentResult(request.TransactionUid, kept, failed);
        }
    }
}
