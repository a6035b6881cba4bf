using System.Text;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>Builds expected wire bytes from readable pieces: hex strings and ASCII text.</summary>
internal static class Bytes
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A 16-byte AE title field, space padded (PS3.8 9.3.2).</summary>
    public static byte[] Ae(string title) => Ascii(title.PadRight(16));
}
