using System.Buffers.Binary;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// Deterministic mutations of a recorded session, chosen and shaped by a seed so a failure replays exactly: byte
/// flips, truncation, PDU and PDV length field edits, PDU duplication, reordering, a splice with another session,
/// and a PDU type change or a duplicated byte range.
/// </summary>
internal static class SessionMutator
{
    public const int Kinds = 8;

    public static byte[] Mutate(RecordedSession session, RecordedSession other, int seed, out int kind)
    {
        var random = new Random(seed);
        var pdus = session.Pdus.Select(p => p.ToArray()).ToList();
        kind = seed % Kinds;
        switch (kind)
        {
            case 0:
                var flipped = Concat(pdus);
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)random.Next(1, 256);
                }

                return flipped;
            case 1:
                var whole = Concat(pdus);
                return whole.AsSpan(0, random.Next(1, whole.Length)).ToArray();
            case 2:
                EditLength(pdus[random.Next(pdus.Count)], 2, random);
                return Concat(pdus);
            case 3:
                // The first PDV item length of a P-DATA-TF, or an item length inside the A-ASSOCIATE-RQ.
                var target = pdus[random.Next(pdus.Count)];
                if (target[0] == 0x04)
                {
                    EditLength(target, 6, random);
                }
                else if (target.Length > 80)
                {
                    var at = 74 + random.Next(target.Length - 78);
                    BinaryPrimitives.WriteUInt16BigEndian(target.AsSpan(at), (ushort)random.Next(65536));
                }

                return Concat(pdus);
            case 4:
                var copy = random.Next(pdus.Count);
                pdus.Insert(random.Next(pdus.Count + 1), pdus[copy].ToArray());
                return Concat(pdus);
            case 5:
                var a = random.Next(pdus.Count);
                var b = random.Next(pdus.Count);
                (pdus[a], pdus[b]) = (pdus[b], pdus[a]);
                return Concat(pdus);
            case 6:
                // This session's first PDUs, then another's last ones: requests on contexts never negotiated.
                var head = pdus.Take(random.Next(1, pdus.Count + 1));
                var tail = other.Pdus.Skip(random.Next(other.Pdus.Count));
                return [.. head.SelectMany(p => p), .. tail.SelectMany(p => p)];
            default:
                if (random.Next(2) == 0)
                {
                    pdus[random.Next(pdus.Count)][0] = (byte)random.Next(0, 9);
                    return Concat(pdus);
                }

                var bytes = Concat(pdus);
                var start = random.Next(bytes.Length);
                var length = random.Next(1, Math.Min(64, bytes.Length - start) + 1);
                return [.. bytes.AsSpan(0, start + length), .. bytes.AsSpan(start)];
        }
    }

    private static void EditLength(byte[] pdu, int offset, Random random)
    {
        var current = BinaryPrimitives.ReadUInt32BigEndian(pdu.AsSpan(offset));
        uint[] lengths = [0, 1, 2, current - 1, current + 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, (uint)random.Next()];
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(offset), lengths[random.Next(lengths.Length)]);
    }

    private static byte[] Concat(List<byte[]> pdus) => [.. pdus.SelectMany(p => p)];
}
