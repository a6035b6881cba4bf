namespace Peake.Dicom;

/// <summary>Big endian values become little endian in memory: swap each number of the VR's unit size.</summary>
internal static class ByteSwap
{
    public static void InPlace(Span<byte> bytes, int unitSize)
    {
        var whole = bytes.Length - (bytes.Length % unitSize);
        for (var i = 0; i < whole; i += unitSize)
        {
            bytes.Slice(i, unitSize).Reverse();
        }
    }
}
