using System.Buffers.Binary;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// A good session (associate, C-ECHO, release) replayed with deterministic mutations: every connection must end
/// within a bounded time without an internal fault, and the server must still serve echoscu afterwards.
/// </summary>
public sealed class MutatedSessionTests
{
    private const int Mutations = 200;
    private const int Parallel = 50;

    [Fact]
    public async Task Every_mutation_of_a_good_session_ends_in_bounded_time_and_the_server_keeps_serving()
    {
        await using var server = TestServer.Start(o => o with { IdleTimeout = TimeSpan.FromSeconds(2) });
        var session = GoodSession();

        for (var batch = 0; batch < Mutations; batch += Parallel)
        {
            var runs = Enumerable.Range(batch, Parallel).Select(seed => RunAsync(server, Mutate(session, seed), seed));
            await Task.WhenAll(runs);
        }

        await Eventually.TrueAsync(() => server.Server.ActiveConnections == 0, TimeSpan.FromSeconds(15));
        var result = await server.EchoAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task The_unmutated_session_is_a_complete_echo()
    {
        await using var server = TestServer.Start();
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);

        await peer.SendAsync(GoodSession());

        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(TimeSpan.FromSeconds(10)));
        Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(TimeSpan.FromSeconds(10)));
        Assert.IsType<ReleaseResponsePdu>(await peer.ReceiveAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task RunAsync(TestServer server, byte[] bytes, int seed)
    {
        using var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(bytes);
        try
        {
            // ARTIM (1 s) and the idle timeout (2 s) bound everything the server may wait for.
            await peer.AssertClosedWithinAsync(TimeSpan.FromSeconds(20));
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new InvalidOperationException($"mutation {seed}: {e.Message}; bytes {Convert.ToHexString(bytes)}", e);
        }
    }

    private static byte[] GoodSession()
    {
        var rq = new AssociateRequestPdu(TestServer.AeTitle, "MUTANT", [new PresentationContextRequest(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])], new UserInformation(16384, "1.2.3"));
        var echo = new PDataTransferPdu([new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CEchoRequest(1)))]);
        return [.. PduCodec.Encode(rq), .. PduCodec.Encode(echo), .. PduCodec.Encode(ReleaseRequestPdu.Instance)];
    }

    /// <summary>One of four mutation kinds, chosen and shaped by the seed so a failure can be replayed.</summary>
    private static byte[] Mutate(byte[] session, int seed)
    {
        var random = new Random(seed);
        var bytes = session.ToArray();
        switch (seed % 4)
        {
            case 0:
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
                return bytes;
            case 1:
                return bytes.AsSpan(0, random.Next(1, bytes.Length)).ToArray();
            case 2:
                var start = random.Next(bytes.Length);
                var length = random.Next(1, Math.Min(64, bytes.Length - start) + 1);
                return [.. bytes.AsSpan(0, start + length), .. bytes.AsSpan(start)];
            default:
                // Rewrite one PDU length field: PDUs start at 0, after the request, and after the P-DATA.
                int[] headers = [0, 6 + (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(2))];
                var at = headers[random.Next(headers.Length)];
                uint[] lengths = [0, 1, 0x7FFFFFFF, 0xFFFFFFFF, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 2)) + 1, (uint)random.Next()];
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at + 2), lengths[random.Next(lengths.Length)]);
                return bytes;
        }
    }
}
