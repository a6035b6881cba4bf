using System.Text;

namespace Peake.Dicom.Tests.Writing;

/// <summary>Builds expected byte strings from readable pieces: hex ("10 00 10 00") and text ('"PN"').</summary>
internal static class Bytes
{
    /// <summary>Concatenates parts: a string starting with '"' is ASCII text (to the closing quote), anything else hex.</summary>
    public static byte[] Of(params string[] parts)
    {
        var result = new List<byte>();
        foreach (var part in parts)
        {
            if (part.StartsWith('"'))
            {
                result.AddRange(Encoding.ASCII.GetBytes(part[1..^1]));
            }
            else
            {
                result.AddRange(Convert.FromHexString(part.Replace(" ", string.Empty, StringComparison.Ordinal)));
            }
        }

        return [.. result];
    }

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
