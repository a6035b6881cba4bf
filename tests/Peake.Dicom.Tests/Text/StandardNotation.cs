namespace Peake.Dicom.Tests.Text;

/// <summary>Reads byte values written the way PS3.5 writes them: "05/09 06/01" (column/row) or "0x5A 0x68".</summary>
internal static class StandardNotation
{
    public static byte[] Bytes(string notation) =>
        [.. notation.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse)];

    private static byte Parse(string token) =>
        token.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? Convert.ToByte(token[2..], 16)
            : (byte)((int.Parse(token[..2]) << 4) | int.Parse(token[3..]));
}
