using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Dicom.Network.Tls;

namespace Peake.Dicom.Network.Tests.Tls;

/// <summary>Our requestor over DICOM TLS against dcmtk's storescp +tls and against our own TLS SCP.</summary>
public sealed class TlsClientTests(TlsCertificates certificates) : IClassFixture<TlsCertificates>
{
    private const string Verification = "1.2.840.10008.1.1";
    private const string ImplicitLe = "1.2.840.10008.1.2";

    [Fact]
    public async Task Our_client_stores_over_tls_into_storescp_requiring_a_client_certificate_byte_identical()
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 1);
        var file = corpus.Files.First(f => Part10.TransferSyntax(f) == "1.2.840.10008.1.2.1");
        var output = Path.Combine(corpus.Directory, "storescp");
        Directory.CreateDirectory(output);
        // storescp's default -rc: our client must present a certificate that chains to the CA it was given.
        using var storescp = RunningPeer.Start(
            "storescp",
            port => ["+tls", certificates.Server.KeyPem, certificates.Server.CertificatePem, "+cf", certificates.AuthorityPem, "-aet", "STORESCP", "+B", "-od", output, port.ToString(CultureInfo.InvariantCulture)]);
        var tls = new DicomTlsClientOptions { TrustedServerAuthorities = certificates.TrustedAuthorities, ClientCertificate = certificates.Client.Certificate };

        await using (var association = await OpenWhenListeningAsync(storescp, "STORESCP", [Part10.SopClassUid(file)], "1.2.840.10008.1.2.1", tls))
        {
            Assert.Equal(DimseStatus.Success, (await association.EchoAsync()).Status);
            await using var dataSet = new MemoryStream(Part10.DataSetBytes(file));
            var response = await association.StoreAsync(Part10.SopClassUid(file), Part10.SopInstanceUid(file), Part10.TransferSyntax(file), dataSet);
            Assert.True(response.Status == DimseStatus.Success, storescp.Output);
            await association.ReleaseAsync();
        }

        var stored = Directory.GetFiles(output).Single(f => f.EndsWith(Part10.SopInstanceUid(file), StringComparison.Ordinal));
        Assert.True(Part10.DataSetBytesOnWire(file).AsSpan().SequenceEqual(Part10.DataSetBytes(stored)), "data set differs");
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Our_client_and_server_echo_over_mutual_tls_with_either_BCP_195_protocol(SslProtocols protocol)
    {
        await using var server = StartTls();

        await using var association = await DicomClientAssociation.OpenAsync(
            "127.0.0.1",
            server.Server.Port,
            EchoRequest(),
            new DicomTlsClientOptions { TrustedServerAuthorities = certificates.TrustedAuthorities, ClientCertificate = certificates.Client.Certificate, EnabledProtocols = protocol });
        Assert.Equal(DimseStatus.Success, (await association.EchoAsync()).Status);
        await association.ReleaseAsync();
        Assert.Equal(0, server.Server.FailedTlsHandshakes);
    }

    [Fact]
    public async Task A_server_certificate_from_an_untrusted_CA_or_for_another_name_fails_the_handshake()
    {
        await using var server = StartTls();

        // Trusting only the system store: the test CA is unknown.
        await Assert.ThrowsAsync<AuthenticationException>(() => DicomClientAssociation.OpenAsync(
            "127.0.0.1", server.Server.Port, EchoRequest(), new DicomTlsClientOptions { ClientCertificate = certificates.Client.Certificate }));
        // The right CA, but a name the certificate does not carry.
        await Assert.ThrowsAsync<AuthenticationException>(() => DicomClientAssociation.OpenAsync(
            "127.0.0.1", server.Server.Port, EchoRequest(), new DicomTlsClientOptions { TargetHost = "archive.example", TrustedServerAuthorities = certificates.TrustedAuthorities, ClientCertificate = certificates.Client.Certificate }));
        Assert.Equal(0, server.Server.ActiveAssociations);
    }

    [Fact]
    public async Task Our_client_without_a_certificate_is_refused_by_a_server_that_requires_one()
    {
        await using var server = StartTls();

        // TLS 1.3 sends the client's (empty) certificate after the client's handshake has finished, so the refusal
        // may arrive at the handshake or at the first read: either way no association is made.
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var association = await DicomClientAssociation.OpenAsync(
                "127.0.0.1", server.Server.Port, EchoRequest(), new DicomTlsClientOptions { TrustedServerAuthorities = certificates.TrustedAuthorities });
            await association.EchoAsync();
        });

        Assert.NotNull(failure);
        await Eventually.Until(() => server.Server.FailedTlsHandshakes == 1, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_server_certificate_listed_in_a_loaded_CRL_fails_the_handshake()
    {
        var crls = CertificateRevocationLists.Load([certificates.CrlDer]);
        await using var revokedServer = StartTls(certificates.RevokedServer);
        await using var server = StartTls();
        var tls = new DicomTlsClientOptions { TrustedServerAuthorities = certificates.TrustedAuthorities, ClientCertificate = certificates.Client.Certificate, RevocationLists = crls };

        await Assert.ThrowsAsync<AuthenticationException>(() => DicomClientAssociation.OpenAsync("127.0.0.1", revokedServer.Server.Port, EchoRequest(), tls));
        await using var association = await DicomClientAssociation.OpenAsync("127.0.0.1", server.Server.Port, EchoRequest(), tls);
        Assert.Equal(DimseStatus.Success, (await association.EchoAsync()).Status);
        await association.ReleaseAsync();
    }

    [Fact]
    public async Task A_client_certificate_from_an_issuing_CA_is_accepted_with_its_chain_and_refused_without_it()
    {
        // The server trusts only the root: the intermediate must come from the client.
        await using var server = StartTls();
        var withChain = new DicomTlsClientOptions
        {
            TrustedServerAuthorities = certificates.TrustedAuthorities,
            ClientCertificate = certificates.IntermediateClient.Certificate,
            ClientCertificateChain = [certificates.Intermediate],
        };

        await using (var association = await DicomClientAssociation.OpenAsync("127.0.0.1", server.Server.Port, EchoRequest(), withChain))
        {
            Assert.Equal(DimseStatus.Success, (await association.EchoAsync()).Status);
            await association.ReleaseAsync();
        }

        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var association = await DicomClientAssociation.OpenAsync("127.0.0.1", server.Server.Port, EchoRequest(), withChain with { ClientCertificateChain = null });
            await association.EchoAsync();
        });
        Assert.NotNull(failure);
        await Eventually.Until(() => server.Server.FailedTlsHandshakes == 1, TimeSpan.FromSeconds(5));
    }

    private static AssociationRequest EchoRequest() => new()
    {
        CallingAeTitle = "PEAKE_SCU",
        CalledAeTitle = TestServer.AeTitle,
        PresentationContexts = [new PresentationContextRequest(1, Verification, [ImplicitLe])],
        ResponseTimeout = TimeSpan.FromSeconds(20),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    private TestServer StartTls(IssuedCertificate? certificate = null) =>
        TestServer.Start(o => o with
        {
            Tls = new DicomTlsServerOptions
            {
                Certificate = (certificate ?? certificates.Server).Certificate,
                RequireClientCertificate = true,
                TrustedClientAuthorities = certificates.TrustedAuthorities,
            },
        });

    /// <summary>Connection refused means "storescp is not listening yet", for a bounded time.</summary>
    private static async Task<DicomClientAssociation> OpenWhenListeningAsync(
        RunningPeer peer, string calledAe, string[] sopClasses, string syntax, DicomTlsClientOptions tls)
    {
        var request = new AssociationRequest
        {
            CallingAeTitle = "PEAKE_SCU",
            CalledAeTitle = calledAe,
            PresentationContexts =
            [
                new PresentationContextRequest(1, Verification, [ImplicitLe]),
                .. sopClasses.Select((c, i) => new PresentationContextRequest((byte)(3 + (2 * i)), c, [syntax])),
            ],
            ResponseTimeout = TimeSpan.FromSeconds(20),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                return await DicomClientAssociation.OpenAsync("127.0.0.1", peer.Port, request, tls);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !peer.HasExited)
            {
                await Task.Delay(50);
            }
            catch (Exception e) when (e is not SocketException)
            {
                throw new InvalidOperationException($"storescp said:\n{peer.Output}", e);
            }
        }
    }
}
