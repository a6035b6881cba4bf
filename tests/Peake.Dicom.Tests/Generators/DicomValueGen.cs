using System.Globalization;
using System.Text;
using CsCheck;

namespace Peake.Dicom.Tests.Generators;

/// <summary>
/// Valid values for each VR (PS3.5 6.2), as the bytes a data set holds: padded to even length with the VR's padding
/// byte, backslash between values of multi-valued VRs, numbers little endian with the VR's size.
/// </summary>
internal static class DicomValueGen
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";

    // Default repertoire without backslash (the value separator) and without control characters (PS3.5 6.1.2.1).
    private const string Printable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    private static readonly Dictionary<DicomVR, Gen<byte[]>> ByVR = Build();

    /// <summary>Every VR a plain value element can have (all but SQ).</summary>
    public static readonly DicomVR[] ValueVRs = [.. DicomVR.All.Where(v => v != DicomVR.SQ).OrderBy(v => v.Code, StringComparer.Ordinal)];

    public static Gen<byte[]> For(DicomVR vr) => ByVR[vr];

    /// <summary>A value element of a random VR (and a value valid for it) at <paramref name="tag"/>.</summary>
    public static Gen<DicomElement> Element(DicomTag tag) =>
        Gen.OneOf(ValueVRs).SelectMany(vr => For(vr).Select(bytes => (DicomElement)new DicomValueElement(tag, vr, bytes)));

    private static Dictionary<DicomVR, Gen<byte[]>> Build()
    {
        var text = new Dictionary<DicomVR, Gen<string>>
        {
            [DicomVR.AE] = Chars(Upper + Digits + " _-", 1, 16),
            [DicomVR.AS] = Gen.Select(Gen.Int[0, 999], Gen.Char["DWMY"], (n, u) => $"{n:D3}{u}"),
            [DicomVR.CS] = Chars(Upper + Digits + " _", 0, 16),
            [DicomVR.DA] = Gen.Date[new DateTime(1900, 1, 1), new DateTime(2100, 12, 31)].Select(d => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture)),
            [DicomVR.DS] = Gen.Double[-1e6, 1e6].Select(d => d.ToString("G8", CultureInfo.InvariantCulture)).Where(s => s.Length <= 16),
            [DicomVR.DT] = Gen.Select(Gen.DateTime[new DateTime(1900, 1, 1), new DateTime(2100, 1, 1)], Gen.Int[-12, 14], Gen.Bool, (d, z, zone) =>
                d.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture) + (zone ? (z < 0 ? "-" : "+") + Math.Abs(z).ToString("D2", CultureInfo.InvariantCulture) + "00" : string.Empty)),
            [DicomVR.IS] = Gen.Int[-99_999_999, 999_999_999].Select(i => i.ToString(CultureInfo.InvariantCulture)),
            [DicomVR.LO] = Chars(Printable, 0, 64),
            [DicomVR.LT] = Chars(Printable + "\\\r\n", 0, 300),
            [DicomVR.PN] = Gen.Select(Chars(Upper, 1, 12), Chars(Upper, 0, 10), Gen.Int[0, 2], (f, g, n) => n switch { 0 => f, 1 => $"{f}^{g}", _ => $"{f}^{g}^^Dr" }),
            [DicomVR.SH] = Chars(Printable, 0, 16),
            [DicomVR.ST] = Chars(Printable + "\\\r\n", 0, 300),
            [DicomVR.TM] = Gen.TimeOnly.Select(t => t.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture)),
            [DicomVR.UC] = Chars(Printable, 0, 200),
            [DicomVR.UI] = Gen.Int[1, 6].SelectMany(n => Gen.UInt[1, 999_999].Array[n]).Select(parts => "1.2.826.0.1." + string.Join('.', parts)),
            [DicomVR.UR] = Chars(Upper.ToLowerInvariant() + Digits + "/-_.", 1, 60).Select(p => "https://example.org/" + p),
            [DicomVR.UT] = Chars(Printable + "\\\r\n", 0, 2000),
        };

        var result = new Dictionary<DicomVR, Gen<byte[]>>();
        foreach (var (vr, gen) in text)
        {
            var values = vr.IsMultiValued ? gen.Array[1, 4].Select(v => string.Join('\\', v)) : gen;
            result[vr] = values.Select(s => Pad(Encoding.Latin1.GetBytes(s), vr));
        }

        result[DicomVR.AT] = Gen.UShort.Array[2, 8].Where(a => a.Length % 2 == 0).Select(Numbers);
        result[DicomVR.US] = Gen.UShort.Array[1, 6].Select(Numbers);
        result[DicomVR.SS] = Gen.Short.Array[1, 6].Select(Numbers);
        result[DicomVR.UL] = Gen.UInt.Array[1, 6].Select(Numbers);
        result[DicomVR.SL] = Gen.Int.Array[1, 6].Select(Numbers);
        result[DicomVR.FL] = Gen.Float.Array[1, 6].Select(Numbers);
        result[DicomVR.FD] = Gen.Double.Array[1, 6].Select(Numbers);
        result[DicomVR.SV] = Gen.Long.Array[1, 6].Select(Numbers);
        result[DicomVR.UV] = Gen.ULong.Array[1, 6].Select(Numbers);
        result[DicomVR.OB] = Gen.Byte.Array[0, 300].Select(b => Pad(b, DicomVR.OB));
        result[DicomVR.UN] = Gen.Byte.Array[0, 300].Select(b => Pad(b, DicomVR.UN));
        result[DicomVR.OW] = Gen.UShort.Array[0, 150].Select(Numbers);
        result[DicomVR.OF] = Gen.Float.Array[0, 40].Select(Numbers);
        result[DicomVR.OL] = Gen.UInt.Array[0, 40].Select(Numbers);
        result[DicomVR.OD] = Gen.Double.Array[0, 20].Select(Numbers);
        result[DicomVR.OV] = Gen.ULong.Array[0, 20].Select(Numbers);
        return result;
    }

    private static Gen<string> Chars(string alphabet, int min, int max) => Gen.Char[alphabet].Array[min, max].Select(c => new string(c));

    private static byte[] Numbers<T>(T[] values)
        where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static byte[] Pad(byte[] bytes, DicomVR vr) => DicomValueText.Pad(bytes, vr).ToArray();
}
