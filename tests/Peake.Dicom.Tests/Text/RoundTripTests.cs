using CsCheck;

namespace Peake.Dicom.Tests.Text;

/// <summary>Whatever the encoder writes with code extensions, the decoder reads back unchanged.</summary>
public class RoundTripTests
{
    public static TheoryData<string[], string> Repertoires => new()
    {
        { ["", "ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159"], "Ya d^=\\\r\n山田太郎森鷗外丂やまだたろうヤマダぼﾔﾏﾀﾞｳ" },
        { ["ISO 2022 IR 13", "ISO 2022 IR 87"], "Ya d^=\r\n山田太郎やまだぼﾔﾏﾀﾞｳ" },
        { ["", "ISO 2022 IR 149"], "Hong ^=\\\r\n洪吉洞홍길동" },
        { ["", "ISO 2022 IR 58"], "Zhang ^=\\\r\n张小东第一行文字。" },
        { ["ISO 2022 IR 100", "ISO 2022 IR 126", "ISO 2022 IR 144", "ISO 2022 IR 138"], "Buc ^=\\\r\néôΔλЖжש" },
        { ["ISO 2022 IR 166", "ISO 2022 IR 87"], "Som ^=\\\r\nสวัสดี山田" },
    };

    [Theory]
    [MemberData(nameof(Repertoires))]
    public void Should_decode_what_it_encodes(string[] terms, string alphabet)
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(terms);
        var texts = Gen.Int[0, alphabet.Length - 1].Array[0, 40].Select(ix => new string([.. ix.Select(i => alphabet[i])]));

        foreach (var vr in new[] { DicomVR.PN, DicomVR.LO, DicomVR.LT })
        {
            texts.Sample(text =>
            {
                var bytes = encoding.Encode(text, vr);
                Assert.Equal(text, encoding.Decode(bytes, vr));
            });
        }
    }
}
