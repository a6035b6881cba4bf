using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Dicom.Network.Tls;

namespace Peake.Dicom.Network.Tests.Tls;

/// <summary>
/// `peake dicom` with --tls beyond the handshake itself: outbound associations of a TLS scp, client certificates from
/// an issuing CA, switches that would weaken authentication, and CRLs the CLI must not silently misuse (ADR 0010).
/// </summary>
public sealed class TlsScpCommandTests(TlsCertificates certificates) : IClassFixture<TlsCertificates>
{
    private const string Study = "1.2.826.0.1.3680043.99.51.1";

    [Fact]
    public async Task A_tls_scp_moves_over_tls_with_its_own_certificate_to_a_destination_that_only_speaks_tls()
    {
        var work = Directory.CreateTempSubdirectory("peake-tls-move-").FullName;
        try
        {
            var source = await MakeInstanceAsync(work);
            var moved = Path.Combine(work, "moved");
            Directory.CreateDirectory(moved);
            // storescp +tls requires a client certificate chaining to +cf (its default -rc): the sub-association
            // must present the scp's certificate and trust the CA given by --tls-ca.
            using var storescp = RunningPeer.Start(
                "storescp",
                port => ["+tls", certificates.Server.KeyPem, certificates.Server.CertificatePem, "+cf", certificates.AuthorityPem, "-aet", Storescp.AeTitle, "+B", "-od", moved, port.ToString(CultureInfo.InvariantCulture)]);
            string[] client = ["--tls", "--tls-cert", certificates.Client.CertificatePem, "--tls-key", certificates.Client.KeyPem, "--tls-ca", certificates.AuthorityPem];
            var probe = await EchoWhenListeningAsync(storescp.Port, client);
            Assert.True(probe.ExitCode == 0, $"{probe}\n{storescp.Output}");
            await using var scp = await PeakeScp.StartAsync(
                "--accept-any-calling-ae", "--tls", "--tls-cert", certificates.Node.CertificatePem, "--tls-key", certificates.Node.KeyPem, "--tls-ca", certificates.AuthorityPem,
                "--move-destination", $"{Storescp.AeTitle}=127.0.0.1:{storescp.Port.ToString(CultureInfo.InvariantCulture)}");
            var store = await PeerProcess.RunAsync(
                "storescu",
                ["+tls", certificates.Client.KeyPem, certificates.Client.CertificatePem, "+cf", certificates.AuthorityPem, "-aec", "PEAKE", "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", scp.PortText, source],
                TimeSpan.FromSeconds(60));
            Assert.True(store.ExitCode == 0, $"{store}\n{scp.Output}");

            var move = await PeakeProcess.RunAsync(
                ["dicom", "move", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "--dest", Storescp.AeTitle, "-k", $"StudyInstanceUID={Study}", .. client], TimeSpan.FromSeconds(60));

            Assert.True(move.ExitCode == 0, $"{move}\n{scp.Output}\n{storescp.Output}");
            Assert.Contains("1 completed, 0 failed", move.StandardOutput, StringComparison.Ordinal);
            await Eventually.Until(() => Directory.GetFiles(moved).Length == 1, TimeSpan.FromSeconds(10));
            Assert.Equal(Part10.DataSetBytes(source), Part10.DataSetBytes(Directory.GetFiles(moved).Single()));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task A_tls_scp_delivers_a_commitment_report_over_tls_to_a_requestor_that_requires_its_certificate()
    {
        var received = new TaskCompletionSource<StorageCommitmentResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var requestor = TlsCommitmentRequestor.Start(certificates, received);
        await using var scp = await PeakeScp.StartAsync(
            "--accept-any-calling-ae", "--tls", "--tls-cert", certificates.Node.CertificatePem, "--tls-key", certificates.Node.KeyPem, "--tls-ca", certificates.AuthorityPem,
            "--move-destination", $"MODALITY=127.0.0.1:{requestor.Server.Port.ToString(CultureInfo.InvariantCulture)}");
        var request = new AssociationRequest
        {
            CallingAeTitle = "MODALITY",
            CalledAeTitle = "PEAKE",
            PresentationContexts = [new PresentationContextRequest(1, StorageCommitmentSop.SopClassUid, [CommitmentScript.ImplicitLe])],
            ResponseTimeout = TimeSpan.FromSeconds(20),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var tls = new DicomTlsClientOptions { TrustedServerAuthorities = certificates.TrustedAuthorities, ClientCertificate = certificates.Client.Certificate };

        string transaction;
        await using (var association = await DicomClientAssociation.OpenAsync("127.0.0.1", scp.Port, request, tls))
        {
            // Released at once: the report then goes on a new association, which the scp opens over TLS.
            transaction = await association.RequestCommitmentAsync([new SopReference("1.2.840.10008.5.1.4.1.1.7", "1.2.826.0.1.3680043.99.51.9.1")]);
            await association.ReleaseAsync();
        }

        var report = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(transaction, report.TransactionUid);
        Assert.Equal("1.2.826.0.1.3680043.99.51.9.1", Assert.Single(report.Failed).SopInstanceUid);
    }

    [Fact]
    public async Task A_client_certificate_from_an_issuing_CA_is_sent_with_its_chain_to_storescp_trusting_only_the_root()
    {
        using var storescp = RunningPeer.Start(
            "storescp",
            port => ["+tls", certificates.Server.KeyPem, certificates.Server.CertificatePem, "+cf", certificates.AuthorityPem, "-aet", Storescp.AeTitle, port.ToString(CultureInfo.InvariantCulture)]);

        var echo = await EchoWhenListeningAsync(
            storescp.Port, ["--tls", "--tls-cert", certificates.IntermediateClientChainPem, "--tls-key", certificates.IntermediateClient.KeyPem, "--tls-ca", certificates.AuthorityPem]);

        Assert.True(echo.ExitCode == 0, $"{echo}\n{storescp.Output}");
    }

    [Fact]
    public async Task Requiring_client_certificates_without_a_CA_to_check_them_against_is_a_usage_error()
    {
        var result = await PeakeProcess.RunAsync(
            [
                "dicom", "scp", "--port", "0", "--dir", Path.Combine(certificates.Directory, "never"), "--accept-any-calling-ae",
                "--tls", "--tls-cert", certificates.Server.CertificatePem, "--tls-key", certificates.Server.KeyPem, "--tls-require-client-cert",
            ],
            TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--tls-ca", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_CRL_is_used_with_a_warning_and_one_whose_signature_cannot_be_verified_is_a_usage_error()
    {
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(certificates.RevokedServer.Certificate);
        var stale = Path.Combine(certificates.Directory, "stale-crl.der");
        File.WriteAllBytes(stale, builder.Build(certificates.Authority, BigInteger.One, DateTimeOffset.UtcNow.AddDays(-1), HashAlgorithmName.SHA256, thisUpdate: DateTimeOffset.UtcNow.AddDays(-8)));
        var unverifiable = Path.Combine(certificates.Directory, "ed25519-crl.der");
        File.WriteAllBytes(unverifiable, builder.Build(
            certificates.Authority.SubjectName, new OidSignatureGenerator("1.3.101.112", certificates.Authority.PublicKey, _ => new byte[64]), BigInteger.One, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(certificates.Authority, true, false)));
        var closed = ClosedPort.Get().ToString(CultureInfo.InvariantCulture);

        var withStale = await PeakeProcess.RunAsync(["dicom", "echo", "127.0.0.1", closed, "--tls", "--tls-ca", certificates.AuthorityPem, "--tls-crl", stale], TimeSpan.FromSeconds(30));
        var withUnverifiable = await PeakeProcess.RunAsync(["dicom", "echo", "127.0.0.1", closed, "--tls", "--tls-ca", certificates.AuthorityPem, "--tls-crl", unverifiable], TimeSpan.FromSeconds(30));

        // Nothing listens: the stale CRL was accepted (exit 1, cannot connect) after a warning naming it.
        Assert.True(withStale.ExitCode == 1, withStale.ToString());
        Assert.Contains("nextUpdate", withStale.StandardError, StringComparison.Ordinal);
        Assert.Contains(stale, withStale.StandardError, StringComparison.Ordinal);
        Assert.True(withUnverifiable.ExitCode == 2, withUnverifiable.ToString());
        Assert.Contains("1.3.101.112", withUnverifiable.StandardError, StringComparison.Ordinal);
    }

    private static async Task<string> MakeInstanceAsync(string work)
    {
        var dump = Path.Combine(work, "1.txt");
        var file = Path.Combine(work, "1.dcm");
        await File.WriteAllTextAsync(dump, $"""
            (0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]
            (0008,0018) UI [1.2.826.0.1.3680043.99.51.3.1]
            (0010,0020) LO [P51]
            (0020,000d) UI [{Study}]
            (0020,000e) UI [1.2.826.0.1.3680043.99.51.2.1]
            """);
        var made = await PeerProcess.RunAsync("dump2dcm", ["+te", dump, file], TimeSpan.FromSeconds(30));
        Assert.True(made.ExitCode == 0, made.ToString());
        return file;
    }

    /// <summary>"cannot connect" means storescp is not listening yet; retried for a bounded time.</summary>
    private static async Task<PeerResult> EchoWhenListeningAsync(int port, string[] options)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var result = await PeakeProcess.RunAsync(
                ["dicom", "echo", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), "--aec", Storescp.AeTitle, "--connect-timeout", "10", "--timeout", "10", .. options],
                TimeSpan.FromSeconds(30));
            if (!result.StandardError.Contains("cannot connect", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(100);
        }
    }
}
