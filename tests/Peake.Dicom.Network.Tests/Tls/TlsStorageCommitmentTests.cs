using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Dicom.Network.Tls;

namespace Peake.Dicom.Network.Tests.Tls;

/// <summary>A storage commitment report delivered on a new association over DICOM TLS (PS3.15 B.1, PS3.4 J.3.3).</summary>
public sealed class TlsStorageCommitmentTests(TlsCertificates certificates) : IClassFixture<TlsCertificates>
{
    private const string ImplicitLe = "1.2.840.10008.1.2";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_report_goes_over_mutual_tls_to_a_requestor_that_requires_it_and_not_without_a_certificate()
    {
        var received = new TaskCompletionSource<StorageCommitmentResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var requestor = TestServer.Start(
            o => o with
            {
                Acceptor = o.Acceptor with { AcceptAnyCalledAeTitle = true },
                Tls = new DicomTlsServerOptions { Certificate = certificates.Server.Certificate, RequireClientCertificate = true, TrustedClientAuthorities = certificates.TrustedAuthorities },
                StorageCommitment = new StorageCommitmentOptions { ReportReceived = (_, r) => received.TrySetResult(r) },
            },
            syntaxes: new Dictionary<string, IReadOnlyList<string>> { [StorageCommitmentSop.SopClassUid] = [ImplicitLe] });
        var address = new Dictionary<string, MoveDestination> { ["MODALITY"] = new("127.0.0.1", requestor.Server.Port) };
        var withCertificate = new DicomTlsClientOptions { TrustedServerAuthorities = certificates.TrustedAuthorities, ClientCertificate = certificates.Client.Certificate };
        var withoutCertificate = new DicomTlsClientOptions { TrustedServerAuthorities = certificates.TrustedAuthorities };

        var abandoned = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var refused = StartScp(o => o with
        {
            Requestors = address,
            ReportTls = withoutCertificate,
            DeliveryAttempts = 1,
            ReportAbandoned = (_, _, why) => abandoned.TrySetResult(why),
        }))
        {
            await AskAndReleaseAsync(refused, "1.2.826.0.1.3680043.99.50.1");
            await abandoned.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.False(received.Task.IsCompleted);
        }

        await using var scp = StartScp(o => o with { Requestors = address, ReportTls = withCertificate });
        await AskAndReleaseAsync(scp, "1.2.826.0.1.3680043.99.50.2");

        var report = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("1.2.826.0.1.3680043.99.50.2", report.TransactionUid);
        Assert.Single(report.Committed);
    }

    private static TestServer StartScp(Func<StorageCommitmentOptions, StorageCommitmentOptions> configure) =>
        TestServer.Start(
            o => o with { StorageCommitment = configure(new StorageCommitmentOptions { Handler = new CommitEverything() }) },
            syntaxes: new Dictionary<string, IReadOnlyList<string>> { [StorageCommitmentSop.SopClassUid] = [ImplicitLe] });

    /// <summary>N-ACTION from MODALITY, then a release before the report can go back on this association.</summary>
    private static async Task AskAndReleaseAsync(TestServer scp, string transactionUid)
    {
        using var peer = await RawPeer.ConnectAsync(scp.Server.Port);
        await peer.SendAsync(new AssociateRequestPdu(
            TestServer.AeTitle, "MODALITY", [new PresentationContextRequest(1, StorageCommitmentSop.SopClassUid, [ImplicitLe])], new UserInformation(16384, "1.2.3")));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
        var information = new DicomDataset();
        information.SetString(DicomTags.TransactionUID, DicomVR.UI, transactionUid);
        var item = new DicomDataset();
        item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
        item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, transactionUid + ".1");
        information.Set(new DicomSequence(DicomTags.ReferencedSOPSequence, [item]));
        var action = new NActionRequest(1, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, StorageCommitmentSop.RequestActionTypeId);
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(action))]));
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, false, true, DicomWriter.ToBytes(information, DicomTransferSyntax.ImplicitVRLittleEndian))]));
        var rsp = Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound)).Values.Single();
        Assert.Equal(DimseStatus.Success, Assert.IsType<NActionResponse>(DimseCommandCodec.Decode(rsp.Data)).Status);
        // The report may already be on its way here; the release answer follows it either way.
        await peer.SendAsync(ReleaseRequestPdu.Instance);
        while (await peer.ReceiveAsync(Bound) is not ReleaseResponsePdu)
        {
        }
    }

    private sealed class CommitEverything : IStorageCommitmentHandler
    {
        public ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new StorageCommitmentResult(request.TransactionUid, request.References, []));
    }
}
