using System.Globalization;
using Peake.DicomWeb.Http;

namespace Peake.DicomWeb.Retrieve;

/// <summary>A WADO-RS frame list (<c>frames/{n[,n…]}</c>, PS3.18 10.4): 1-based numbers, comma-separated.</summary>
internal static class FrameList
{
    public static IReadOnlyList<int> Parse(string text)
    {
        var numbers = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw DicomWebRequestException.BadRequest($"frame number '{part}' is not a positive integer (frames are numbered from 1)");
            }

            numbers.Add(n);
        }

        return numbers;
    }
}
