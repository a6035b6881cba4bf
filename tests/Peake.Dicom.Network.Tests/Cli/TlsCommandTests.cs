using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Dicom.Network.Tests.Tls;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>The `peake dicom` TLS switches (PEM files, CRLs) and timeouts, against dcmtk's +tls tools.</summary>
public sealed class TlsCommandTests(TlsCertificates certificates) : IClassFixture<TlsCertificates>
{
    [Fact]
    public async Task Scp_with_tls_requiring_client_certificates_serves_echoscu_and_storescu_and_refuses_revoked_and_anonymous_clients()
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 1);
        var file = corpus.Files.First(f => Part10.TransferSyntax(f) == "1.2.840.10008.1.2.1");
        await using var scp = await PeakeScp.StartAsync(
            "--accept-any-calling-ae", "--tls", "--tls-cert", certificates.Server.CertificatePem, "--tls-key", certificates.Server.KeyPem,
            "--tls-ca", certificates.AuthorityPem, "--tls-crl", certificates.CrlPem, "--tls-require-client-cert");

        var echo = await DcmtkAsync("echoscu", scp.PortText, ["+tls", certificates.Client.KeyPem, certificates.Client.CertificatePem]);
        var store = await DcmtkAsync("storescu", scp.PortText, ["+tls", certificates.Client.KeyPem, certificates.Client.CertificatePem], file);
        var revoked = await DcmtkAsync("echoscu", scp.PortText, ["+tls", certificates.RevokedClient.KeyPem, certificates.RevokedClient.CertificatePem]);
        var anonymous = await DcmtkAsync("echoscu", scp.PortText, ["+tla"]);

        Assert.True(echo.ExitCode == 0, $"{echo}\n{scp.Output}");
        Assert.True(store.ExitCode == 0, $"{store}\n{scp.Output}");
        var stored = Assert.Single(Directory.GetFiles(scp.Directory, "*.dcm"));
        Assert.True(Part10.DataSetBytesOnWire(file).AsSpan().SequenceEqual(Part10.DataSetBytes(stored)), "data set differs");
        Assert.False(revoked.TimedOut || revoked.ExitCode == 0, revoked.ToString());
        Assert.False(anonymous.TimedOut || anonymous.ExitCode == 0, anonymous.ToString());
    }

    [Fact]
    public async Task Echo_with_tls_reaches_storescp_over_tls_and_refuses_a_server_certificate_its_CRL_lists()
    {
        using var good = StartStorescp(certificates.Server);
        using var revoked = StartStorescp(certificates.RevokedServer);
        string[] tls = ["--tls", "--tls-cert", certificates.Client.CertificatePem, "--tls-key", certificates.Client.KeyPem, "--tls-ca", certificates.AuthorityPem, "--tls-crl", certificates.CrlDer];

        var ok = await EchoWhenListeningAsync(good, tls);
        var refused = await EchoWhenListeningAsync(revoked, tls);
        var plainTrust = await EchoWhenListeningAsync(revoked, [.. tls[..^2]]);

        Assert.True(ok.ExitCode == 0, $"{ok}\n{good.Output}");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("TLS handshake", refused.StandardError, StringComparison.Ordinal);
        // Without the CRL the same server is trusted: the refusal above is the CRL's doing.
        Assert.True(plainTrust.ExitCode == 0, $"{plainTrust}\n{revoked.Output}");
    }

    [Fact]
    public async Task Timeouts_bound_a_silent_peer_during_the_handshake_and_while_waiting_for_the_association()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();

        // The listener's backlog completes the TCP connect; nothing ever answers.
        var handshake = await PeakeProcess.RunAsync(["dicom", "echo", "127.0.0.1", port, "--tls", "--tls-ca", certificates.AuthorityPem, "--connect-timeout", "1"], TimeSpan.FromSeconds(30));
        var association = await PeakeProcess.RunAsync(["dicom", "echo", "127.0.0.1", port, "--timeout", "1"], TimeSpan.FromSeconds(30));

        Assert.Equal(1, handshake.ExitCode);
        Assert.Equal(1, association.ExitCode);
        Assert.Contains("in time", association.StandardError, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("echo", "--tls-cert", "x.pem")]
    [InlineData("find", "--timeout", "soon")]
    [InlineData("store", "--connect-timeout", "0")]
    [InlineData("move", "--tls-crl", "x.crl")]
    public async Task A_bad_tls_or_timeout_option_is_a_usage_error(string command, string option, string value)
    {
        var result = await PeakeProcess.RunAsync(["dicom", command, "127.0.0.1", "104", option, value], TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(option, result.StandardError, StringComparison.Ordinal);
    }

    private RunningPeer StartStorescp(IssuedCertificate server) =>
        RunningPeer.Start(
            "storescp",
            port => ["+tls", server.KeyPem, server.CertificatePem, "+cf", certificates.AuthorityPem, "-aet", Storescp.AeTitle, port.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>"cannot connect" means storescp is not listening yet; retried for a bounded time.</summary>
    private static async Task<PeerResult> EchoWhenListeningAsync(RunningPeer storescp, string[] options)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var result = await PeakeProcess.RunAsync(
                ["dicom", "echo", "127.0.0.1", storescp.Port.ToString(CultureInfo.InvariantCulture), "--aec", Storescp.AeTitle, "--connect-timeout", "10", "--timeout", "10", .. options],
                TimeSpan.FromSeconds(30));
            if (!result.StandardError.Contains("cannot connect", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(100);
        }
    }

    private Task<PeerResult> DcmtkAsync(string tool, string port, string[] tls, params string[] files) =>
        PeerProcess.RunAsync(
            tool,
            [.. tls, "+cf", certificates.AuthorityPem, "-aet", "DCMTK", "-aec", "PEAKE", "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", port, .. files],
            TimeSpan.FromSeconds(60));
}
