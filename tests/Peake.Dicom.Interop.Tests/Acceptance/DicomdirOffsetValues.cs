using System.Buffers.Binary;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// The record offsets of a DICOMDIR data set's bytes (PS3.3 F.3.2.1: (0004,1200), (0004,1202), (0004,1400), (0004,1420),
/// UL positions from the first byte of the file). Rewritten in its own syntax behind a meta group of another length, a
/// DICOMDIR's records all move by that difference and nothing else changes: <see cref="Shift"/> gives the bytes to expect.
/// </summary>
internal static class DicomdirOffsetValues
{
    private static readonly ushort[] OffsetElements = [0x1200, 0x1202, 0x1400, 0x1420];

    /// <summary>A copy of <paramref name="dataset"/> with every non-zero offset value moved by <paramref name="delta"/>.</summary>
    /// <remarks>Finds the elements by their whole header (tag, "UL" or nothing, length 4): 8 bytes no value of these files holds.</remarks>
    public static byte[] Shift(byte[] dataset, long delta, bool explicitVR)
    {
        var shifted = dataset.ToArray();
        foreach (var element in OffsetElements)
        {
            var header = Header(element, explicitVR);
            var from = 0;
            while (dataset.AsSpan(from).IndexOf(header) is var i && i >= 0 && from + i + 12 <= dataset.Length)
            {
                var at = from + i;
                var value = BinaryPrimitives.ReadUInt32LittleEndian(dataset.AsSpan(at + 8));
                if (value != 0)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(shifted.AsSpan(at + 8), checked((uint)(value + delta)));
                }

                from = at + 12;
            }
        }

        return shifted;
    }

    // PS3.5 7.1.2 (explicit: tag, "UL", 16-bit length) and 7.1.3 (implicit: tag, 32-bit length), little endian.
    private static byte[] Header(ushort element, bool explicitVR)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x0004);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), element);
        if (explicitVR)
        {
            header[4] = (byte)'U';
            header[5] = (byte)'L';
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 4);
        }

        return header;
    }
}
