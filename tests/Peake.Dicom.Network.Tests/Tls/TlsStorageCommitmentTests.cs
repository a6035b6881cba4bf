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
    [Fact]
    public async Task A_report_goes_over_mutual_tls_to_a_requestor_that_requires_it_and_not_without_a_certificate()
    {
        var received = new TaskCompletionSource<StorageCommitmentResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var requestor = TlsCommitmentRequestor.Start(certificates, received);
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
        CommitmentScript.Start(new PrefixCommitmentHandler(), configure);

    /// <summary>N-ACTION from MODALITY, then a release before the report can go back on this association.</summary>
    private static async Task AskAndReleaseAsync(TestServer scp, string transactionUid)
    {
        using var peer = await CommitmentScript.AssociateAsync(scp, "MODALITY");
        await CommitmentScript.SendAsync(peer, 1, CommitmentScript.Action(), CommitmentScript.Information(transactionUid, withReferences: true));
        Assert.Equal(DimseStatus.Success, Assert.IsType<NActionResponse>(await CommitmentScript.ReceiveCommandAsync(peer)).Status);
        // The report may already be on its way here; the release answer follows it either way.
        await peer.SendAsync(ReleaseRequestPdu.Instance);
        while (await peer.ReceiveAsync(CommitmentScript.Bound) is not ReleaseResponsePdu)
        {
        }
    }
}
