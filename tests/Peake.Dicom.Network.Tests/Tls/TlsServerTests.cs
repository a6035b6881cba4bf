using System.Net.Sockets;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Dicom.Network.Tls;

namespace Peake.Dicom.Network.Tests.Tls;

/// <summary>dcmtk's echoscu and storescu with +tls against our SCP with DICOM TLS (PS3.15 B.1, BCP 195).</summary>
public sealed class TlsServerTests(TlsCertificates certificates) : IClassFixture<TlsCertificates>
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> StorageSyntaxes = new Dictionary<string, IReadOnlyList<string>>
    {
        ["1.2.840.10008.1.1"] = ["1.2.840.10008.1.2"],
        [StoreCorpus.SecondaryCapture] = StoreCorpus.Syntaxes,
        [StoreCorpus.CtImage] = StoreCorpus.Syntaxes,
    };

    [Fact]
    public async Task Echoscu_over_tls_with_a_CA_signed_certificate_succeeds()
    {
        await using var server = StartTls(requireClientCertificate: false);

        var result = await EchoAsync(server, ["+tls", certificates.Client.KeyPem, certificates.Client.CertificatePem]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, server.Server.FailedTlsHandshakes);
    }

    [Fact]
    public async Task Storescu_over_tls_stores_every_file_with_its_data_set_byte_identical()
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 2);
        await using var server = StartTls(requireClientCertificate: true);

        // Uncompressed and compressed: storescu proposes each file's own syntax with -xs/-xe per run.
        foreach (var (syntax, option) in new[] { ("1.2.840.10008.1.2.1", "-xe"), ("1.2.840.10008.1.2.4.70", "-xs") })
        {
            var files = corpus.Files.Where(f => Part10.TransferSyntax(f) == syntax).ToArray();
            var result = await PeerProcess.RunAsync(
                "storescu",
                [
                    "+tls", certificates.Client.KeyPem, certificates.Client.CertificatePem, "+cf", certificates.AuthorityPem,
                    "-aet", "STORESCU", "-aec", TestServer.AeTitle, option, "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", server.Port, .. files,
                ],
                TimeSpan.FromSeconds(60));
            Assert.True(result.ExitCode == 0, $"{syntax}: {result}");
            foreach (var original in files)
            {
                var stored = Path.Combine(server.Directory, Part10.SopInstanceUid(original) + ".dcm");
                Assert.True(File.Exists(stored), $"{original} was not stored");
                Assert.True(Part10.DataSetBytesOnWire(original).AsSpan().SequenceEqual(Part10.DataSetBytes(stored)), $"{original} differs");
            }
        }
        Assert.Equal(4, server.StoredFiles().Length);
    }

    [Fact]
    public async Task When_a_client_certificate_is_required_a_client_without_one_fails_and_one_with_a_CA_signed_certificate_succeeds()
    {
        await using var server = StartTls(requireClientCertificate: true);

        var anonymous = await EchoAsync(server, ["+tla"]);
        var stranger = await EchoAsync(server, ["+tls", certificates.StrangerClient.KeyPem, certificates.StrangerClient.CertificatePem]);
        var known = await EchoAsync(server, ["+tls", certificates.Client.KeyPem, certificates.Client.CertificatePem]);

        Assert.False(anonymous.TimedOut || anonymous.ExitCode == 0, anonymous.ToString());
        Assert.False(stranger.TimedOut || stranger.ExitCode == 0, stranger.ToString());
        Assert.True(known.ExitCode == 0, known.ToString());
        // The peer may exit on the alert before the server has counted its side of the failed handshake.
        await Eventually.Until(() => server.Server.FailedTlsHandshakes == 2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, server.Server.FailedTlsHandshakes);
        Assert.Equal(0, server.Server.ActiveAssociations);
    }

    [Fact]
    public async Task Without_the_requirement_a_client_without_a_certificate_is_accepted_but_a_foreign_one_is_not()
    {
        await using var server = StartTls(requireClientCertificate: false);

        var anonymous = await EchoAsync(server, ["+tla"]);
        var stranger = await EchoAsync(server, ["+tls", certificates.StrangerClient.KeyPem, certificates.StrangerClient.CertificatePem]);

        Assert.True(anonymous.ExitCode == 0, anonymous.ToString());
        Assert.False(stranger.TimedOut || stranger.ExitCode == 0, stranger.ToString());
        await Eventually.Until(() => server.Server.FailedTlsHandshakes >= 1, TimeSpan.FromSeconds(10));
        Assert.Equal(1, server.Server.FailedTlsHandshakes);
    }

    [Fact]
    public async Task A_plain_client_on_the_tls_port_is_closed_in_bounded_time_while_a_tls_echo_still_works()
    {
        await using var server = StartTls(requireClientCertificate: false);

        var started = DateTime.UtcNow;
        var plain = await PeerProcess.RunAsync(
            "echoscu", ["-aet", "ECHOSCU", "-aec", TestServer.AeTitle, "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", server.Port], TimeSpan.FromSeconds(30));
        var tls = await EchoAsync(server, ["+tls", certificates.Client.KeyPem, certificates.Client.CertificatePem]);

        Assert.False(plain.TimedOut || plain.ExitCode == 0, plain.ToString());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the plain client was not closed promptly");
        Assert.True(tls.ExitCode == 0, tls.ToString());
        Assert.Equal(1, server.Server.FailedTlsHandshakes);
    }

    [Fact]
    public async Task A_connection_that_never_starts_the_handshake_is_closed_within_ARTIM()
    {
        await using var server = StartTls(requireClientCertificate: false);
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", server.Server.Port);
        var started = DateTime.UtcNow;

        var buffer = new byte[64];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await socket.GetStream().ReadAsync(buffer, deadline.Token);

        // TestServer's ARTIM is 1 s: the server closes (a read of 0) without ever sending a PDU.
        Assert.Equal(0, read);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        await Eventually.Until(() => server.Server.FailedTlsHandshakes == 1 && server.Server.ActiveConnections == 0, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_client_certificate_listed_in_a_loaded_CRL_is_refused_and_a_forged_CRL_revokes_nothing()
    {
        await using var server = StartTls(requireClientCertificate: true, CertificateRevocationLists.Load([certificates.CrlPem]));
        await using var forgedServer = StartTls(requireClientCertificate: true, CertificateRevocationLists.Load([certificates.ForgedCrlPem]));

        var revoked = await EchoAsync(server, ["+tls", certificates.RevokedClient.KeyPem, certificates.RevokedClient.CertificatePem]);
        var good = await EchoAsync(server, ["+tls", certificates.Client.KeyPem, certificates.Client.CertificatePem]);
        var forged = await EchoAsync(forgedServer, ["+tls", certificates.Client.KeyPem, certificates.Client.CertificatePem]);

        Assert.False(revoked.TimedOut || revoked.ExitCode == 0, revoked.ToString());
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.True(forged.ExitCode == 0, forged.ToString());
        await Eventually.Until(() => server.Server.FailedTlsHandshakes >= 1, TimeSpan.FromSeconds(10));
        Assert.Equal(1, server.Server.FailedTlsHandshakes);
        Assert.Equal(0, forgedServer.Server.FailedTlsHandshakes);
    }

    [Fact]
    public void A_file_without_a_CRL_is_refused_when_loading_naming_the_file()
    {
        var e = Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => CertificateRevocationLists.Load([certificates.AuthorityPem]));

        Assert.Contains(certificates.AuthorityPem, e.Message, StringComparison.Ordinal);
        Assert.Equal(1, CertificateRevocationLists.Load([certificates.CrlDer]).Count);
    }

    [Fact]
    public void A_server_requiring_client_certificates_without_a_CA_or_a_decision_callback_refuses_to_start()
    {
        var options = new DicomTlsServerOptions { Certificate = certificates.Server.Certificate, RequireClientCertificate = true };

        var directory = Path.Combine(Path.GetTempPath(), "peake-net-" + Guid.NewGuid().ToString("N"));
        try
        {
            var server = new DicomServerOptions
            {
                Acceptor = new AcceptorOptions { AeTitle = TestServer.AeTitle, Syntaxes = StorageSyntaxes },
                Tls = options,
            };

            var e = Assert.Throws<ArgumentException>(() => new DicomServer(server, new FolderStore(directory)));

            Assert.Contains(nameof(DicomTlsServerOptions.TrustedClientAuthorities), e.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private TestServer StartTls(bool requireClientCertificate, CertificateRevocationLists? crls = null) =>
        TestServer.Start(
            o => o with
            {
                Tls = new DicomTlsServerOptions
                {
                    Certificate = certificates.Server.Certificate,
                    RequireClientCertificate = requireClientCertificate,
                    TrustedClientAuthorities = certificates.TrustedAuthorities,
                    RevocationLists = crls,
                },
            },
            StorageSyntaxes);

    private Task<PeerResult> EchoAsync(TestServer server, string[] tlsArguments) =>
        PeerProcess.RunAsync(
            "echoscu",
            [.. tlsArguments, "+cf", certificates.AuthorityPem, "-aet", "ECHOSCU", "-aec", TestServer.AeTitle, "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", server.Port],
            TimeSpan.FromSeconds(30));
}
