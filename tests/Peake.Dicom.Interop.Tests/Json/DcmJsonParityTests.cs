using System.Text;
using System.Text.Json;

namespace Peake.Dicom.Interop.Tests.Json;

/// <summary>
/// Makes small files with dump2dcm, converts each with dcm2json and with <see cref="DicomJsonWriter"/> (after reading
/// the file with <see cref="DicomFile"/>), and compares the two documents value by value.
/// Values for which dcm2json 3.6.7 prints invalid JSON (DS "1.", "1.e5", "0e0") or fails (NaN, encapsulated pixel
/// data) are left out: unit tests cover what we write for them.
/// </summary>
[Trait("Category", "Interop")]
public sealed class DcmJsonParityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("peake-json-parity-").FullName;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Corpus.Keys)
        {
            foreach (var syntax in Syntaxes)
            {
                data.Add(name, syntax);
            }
        }

        return data;
    }

    // dump2dcm options per transfer syntax: explicit and implicit little endian, explicit big endian, deflated.
    // Implicit VR needs the data dictionary to know VRs; until it is wired into the reader those cases stay out.
    private static readonly string[] Syntaxes = DictionaryKnowsVRs() ? ["+te", "+ti", "+tb", "+td"] : ["+te", "+tb", "+td"];

    private static bool DictionaryKnowsVRs()
    {
        // (0008,0060) Modality "OT" in implicit VR little endian: CS when the reader has a dictionary, UN otherwise.
        byte[] modality = [0x08, 0x00, 0x60, 0x00, 0x02, 0x00, 0x00, 0x00, (byte)'O', (byte)'T'];
        var ds = DicomReader.ReadDataset(new MemoryStream(modality), DicomTransferSyntax.ImplicitVRLittleEndian);
        return ds[new DicomTag(0x0008, 0x0060)]?.VR == DicomVR.CS;
    }

    private static readonly Dictionary<string, string> Corpus = new()
    {
        ["strings"] = """
            (0008,0020) DA [20240101]
            (0008,002a) DT [20240101101010.123456+0100]
            (0008,0030) TM [101010.5 ]
            (0008,0050) SH [ ACC 1 ]
            (0008,0054) AE [ AE1 \AE2]
            (0008,0060) CS [OT]
            (0008,0081) ST [ address ]
            (0008,0120) UR [http://x.org/a ]
            (0010,0020) LO [  ID 1  ]
            (0010,1010) AS [045Y]
            (0010,4000) LT [  leading spaces \ backslash kept  ]
            (0018,1020) LO [A\\B\]
            (0040,a160) UT [ some text ]
            (0072,005e) AE [A\B]
            (0072,005f) AS [001D\002W]
            (0072,0061) DA [20240101\19991231]
            (0072,0062) CS [\]
            (0072,0063) DT [2024\202401011010]
            (0072,0066) LO [x\]
            (0072,0068) LT [\]
            (0072,006b) TM [10\1010\101010.123]
            (0072,006c) SH [\\a]
            (0072,006e) ST [tab	and "quote"]
            (0072,006f) UC [ uc1 \ uc2 ]
            (0072,0070) UT []
            (0072,0071) UR [urn:x]
            (0072,007f) UI [1.2.3\1.2.840.10008.1.2]
            """,
        ["numbers-as-text"] = """
            (0010,1020) DS [1.50]
            (0010,1030) DS [  12 \ 1e3\-0.0\+5\.5\-.5]
            (0018,0088) DS [00012.500]
            (0020,0013) IS [  12 ]
            (0020,0012) IS [+0042\-7\007]
            (0028,0034) IS [1\-0]
            (0028,1050) DS [abc\1,5\\ 3 \NaN\inf\1e+05\0x10\-\.]
            (0072,0064) IS [1.5\abc\\-0\ 00 \2147483647\-2147483648\2147483648\99999999999]
            (0072,0072) DS [1e\e5\1.5.5\--1\+-1\ 1 2 \1d5\12345678901234567\1234567890123456\+.5\00\-00.00]
            """,
        ["binary-numbers"] = """
            (0018,1310) US 1\2\3\4
            (0018,6020) SL -2147483648
            (0018,9219) SS -32768
            (0020,9057) UL 4294967295
            (0028,0010) US 512
            (0072,0026) AT (0010,0020)
            (0072,0060) AT (0010,0020)\(7fe0,0010)\(0009,1001)
            (0072,0074) FD 0.1\1.5\-2\1e300\1e-300\3\0\123456789.123\1e20\1e21\1e-5\1e-7\123456789012345678\0.000123\-0
            (0072,0076) FL 0.1\1.5\3.4028235e38\1e-40\100\1e9\123456789
            (0072,0078) UL 0\1\4294967295
            (0072,007a) US 65535\0
            (0072,007c) SL -1\2147483647
            (0072,007e) SS -1\32767
            (0072,0082) SV -5\9223372036854775807\-9223372036854775808\9007199254740991\9007199254740992\-9007199254740991\-9007199254740992
            (0072,0083) UV 0\18446744073709551615\9007199254740991\9007199254740992
            (0018,9089) FD []
            (0008,9459) FL []
            """,
        ["other-binary"] = """
            (0028,1201) OW 0102\0304
            (0042,0011) OB 01\02\03\04\05
            (0066,0016) OF 1.5\2.5
            (0066,0022) OD 1.5\-2
            (0066,0040) OL 1\2
            (0072,0065) OB []
            (0072,0069) OW ffff
            (0072,006d) UN 01\02\03
            (0072,0081) OV 1\2
            (7fe0,0010) OW 0000\ffff\1234
            """,
        ["sequences"] = """
            (0008,1140) SQ (Sequence with undefined length)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (0040,a730) SQ (Sequence with undefined length)
              (fffe,e000) na (Item with undefined length)
                (0040,a010) CS [CONTAINS]
                (0040,a730) SQ (Sequence with undefined length)
                  (fffe,e000) na (Item with undefined length)
                    (0040,a010) CS [X]
                    (0040,a160) UT [deep]
                  (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
              (fffe,e00d) na (ItemDelimitationItem)
              (fffe,e000) na (Item with undefined length)
              (fffe,e00d) na (ItemDelimitationItem)
              (fffe,e000) na (Item with undefined length)
                (0028,0010) US 7
                (0072,0074) FD 2.5
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            """,
        ["person-names"] = """
            (0008,0090) PN [Doe^John=Ideo^Gr=Pho^N]
            (0008,1060) PN [A^B\C^D=E]
            (0010,0010) PN [ Doe ^ John ^^ ]
            (0072,006a) PN [\A^B\]
            (0010,1001) PN [==]
            (0010,1005) PN [=I]
            (0010,2297) PN [A==P]
            (0032,1032) PN [^John\A^^B]
            (0040,0006) PN [==\]
            """,
        ["private-and-group-lengths"] = """
            (0008,0000) UL 0
            (0008,0060) CS [OT]
            (0009,0010) LO [PEAKE TEST]
            (0009,1001) LO [private value]
            (0009,1002) UN 01\02\03
            (0009,1003) OB 01\02\03\04
            (0020,0000) UL 10
            (0020,000d) UI [1.2.3.4]
            """,
        ["latin1"] = """
            (0008,0005) CS [ISO_IR 100]
            (0010,0010) PN [Muller^Jorg]
            (0010,0020) LO [Ä]
            """,
        ["utf8"] = """
            (0008,0005) CS [ISO_IR 192]
            (0010,0010) PN [Müller^Jörg=山田^太郎=やまだ^たろう]
            (0010,4000) LT [Grüße aus Köln]
            (0008,0080) LO [Hôpital]
            """,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_write_the_same_json_model_as_dcm2json(string name, string syntax)
    {
        var file = Dcmtk.MakeFile(_dir, $"{name}{syntax.TrimStart('+')}", Corpus[name], syntax);
        var expected = Dcmtk.ToJson(file);
        var actual = DicomJsonWriter.Serialize(DicomFile.Open(file).Dataset);

        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        var differences = JsonModelComparer.Compare(e.RootElement, a.RootElement);
        Assert.True(differences.Count == 0, $"{differences.Count} differences from dcm2json:\n{string.Join('\n', differences)}\n\ndcm2json: {expected}\npeake:    {actual}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_read_dcm2json_output_back_to_the_same_json(string name, string syntax)
    {
        var file = Dcmtk.MakeFile(_dir, $"{name}{syntax.TrimStart('+')}", Corpus[name], syntax);
        var expected = Dcmtk.ToJson(file);
        var actual = DicomJsonWriter.Serialize(DicomJsonReader.Read(expected));

        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        var differences = JsonModelComparer.Compare(e.RootElement, a.RootElement);
        Assert.True(differences.Count == 0, $"{differences.Count} differences:\n{string.Join('\n', differences)}");
    }

    [Fact]
    public void Should_match_dcm2json_on_the_file_meta_group_when_asked()
    {
        var file = Dcmtk.MakeFile(_dir, "meta", Corpus["private-and-group-lengths"]);
        var expected = Dcmtk.ToJson(file, "+m");
        var dicom = DicomFile.Open(file);
        var merged = new DicomDataset();
        foreach (var element in dicom.Meta.Concat(dicom.Dataset))
        {
            merged.Set(element);
        }

        var actual = DicomJsonWriter.Serialize(merged, new() { IncludeFileMetaInformation = true });
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.Empty(JsonModelComparer.Compare(e.RootElement, a.RootElement));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
