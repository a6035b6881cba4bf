using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Dicom.Network.Tls;

namespace Peake.Dicom.Network.Tests.Tls;

/// <summary>
/// A Storage Commitment requestor taking reports on associations the SCP opens (PS3.4 J.3.3), only over mutual TLS
/// with a client certificate from the test CA.
/// </summary>
internal static class TlsCommitmentRequestor
{
    public static TestServer Start(TlsCertificates certificates, TaskCompletionSource<StorageCommitmentResult> received) =>
        TestServer.Start(
            o => o with
            {
                Acceptor = o.Acceptor with { AcceptAnyCalledAeTitle = true },
                Tls = new DicomTlsServerOptions { Certificate = certificates.Server.Certificate, RequireClientCertificate = true, TrustedClientAuthorities = certificates.TrustedAuthorities },
                StorageCommitment = new StorageCommitmentOptions { ReportReceived = (_, r) => received.TrySetResult(r) },
            },
            syntaxes: new Dictionary<string, IReadOnlyList<string>> { [StorageCommitmentSop.SopClassUid] = [CommitmentScript.ImplicitLe] });
}
