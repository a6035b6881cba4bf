using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Xunit.Abstractions;

namespace Peake.Dicom.Network.Tests.Association;

/// <summary>
/// A long association must not allocate a buffer per PDU: the receive path (pipe, PDU framing, P-DATA decoding,
/// reassembly) is run over a stream of C-STOREs and the bytes allocated on this thread are counted. The stream is
/// in memory, so every await completes synchronously on this thread and the counter sees all of it.
/// </summary>
public sealed class PduStreamReaderAllocationTests(ITestOutputHelper output)
{
    private const int FragmentLength = 16 * 1024 - 12;
    private const int FragmentsPerStore = 4;
    private const int Stores = 500;

    private static readonly Dictionary<byte, AcceptedPresentationContext> Contexts = new()
    {
        [1] = new AcceptedPresentationContext(1, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1"),
    };

    [Fact]
    public async Task Should_allocate_far_less_than_a_pdu_per_pdu_received()
    {
        using var stream = new MemoryStream(Session());
        var reader = new PduStreamReader(stream, PduReadLimits.Default);
        await using (reader.ConfigureAwait(false))
        {
            var reassembler = new PDataReassembler(Contexts);
            // The first PDUs rent the body buffer and the pipe's segments; only the steady state is measured.
            var (warmPdus, _) = await ReadStoresAsync(reader, reassembler, 10);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var (pdus, bytes) = await ReadStoresAsync(reader, reassembler, Stores - 10);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            var perPdu = (double)allocated / pdus;
            output.WriteLine($"{pdus} PDUs, {bytes} data set bytes: {allocated} bytes allocated, {perPdu:F0} per PDU ({warmPdus} warm-up PDUs)");
            Assert.Equal((Stores - 10) * FragmentsPerStore * FragmentLength, bytes);
            // A PDU is 16 KB; what is left per PDU is a few small objects (the PDU record, its PDV list, the fragment).
            Assert.True(perPdu < 512, $"{perPdu:F0} bytes allocated per PDU");
        }
    }

    /// <summary>Reads <paramref name="stores"/> C-STORE messages; returns the PDUs read and the data set bytes seen.</summary>
    private static async Task<(int Pdus, long Bytes)> ReadStoresAsync(PduStreamReader reader, PDataReassembler reassembler, int stores)
    {
        var pdus = 0;
        long bytes = 0;
        var done = 0;
        while (done < stores)
        {
            var pdu = (PDataTransferPdu)(await reader.ReadAsync(CancellationToken.None))!;
            pdus++;
            foreach (var pdv in pdu.Values)
            {
                var fragment = reassembler.Accept(pdv);
                if (fragment is null)
                {
                    continue;
                }
                if (fragment.IsCommand)
                {
                    reassembler.ExpectDataSet();
                    continue;
                }
                bytes += fragment.Data.Length;
                done += fragment.IsLast ? 1 : 0;
            }
        }
        return (pdus, bytes);
    }

    /// <summary>What a storescu with a 16 KB max PDU sends: per instance a command PDU and four data set PDUs.</summary>
    private static byte[] Session()
    {
        using var session = new MemoryStream();
        var data = new byte[FragmentLength];
        for (var i = 0; i < Stores; i++)
        {
            var command = DimseCommandCodec.Encode(
                new CStoreRequest((ushort)(i + 1), "1.2.840.10008.5.1.4.1.1.2", $"1.2.3.{i + 1}", DimsePriority.Medium, null, null));
            session.Write(PduCodec.Encode(new PDataTransferPdu([new PresentationDataValue(1, true, true, command)])));
            for (var f = 0; f < FragmentsPerStore; f++)
            {
                session.Write(PduCodec.Encode(new PDataTransferPdu([new PresentationDataValue(1, false, f == FragmentsPerStore - 1, data)])));
            }
        }
        return session.ToArray();
    }
}
