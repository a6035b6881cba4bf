namespace Peake.Dicom;

/// <summary>How a VR's value is made of bytes, which decides decoding, padding and byte swapping.</summary>
public enum DicomVRKind
{
    /// <summary>Text of the default repertoire or of the Specific Character Set; backslash-separated unless single-valued.</summary>
    String,

    /// <summary>Fixed-size binary numbers (US, SS, UL, SL, FL, FD, SV, UV, AT) and the "other" VRs (OB, OW, OF, OD, OL, OV).</summary>
    Binary,

    /// <summary>SQ: a sequence of items.</summary>
    Sequence,

    /// <summary>UN: bytes of unknown meaning.</summary>
    Unknown,
}

/// <summary>One of the 34 value representations of PS3.5 6.2. Instances are singletons: compare with ==.</summary>
public sealed class DicomVR
{
    private static readonly Dictionary<ushort, DicomVR> ByCode = [];

    private DicomVR(string code, DicomVRKind kind, bool longLength, int unitSize, byte padding, bool charsetDependent, bool multiValued, uint maxLength)
    {
        Code = code;
        Kind = kind;
        HasLongLength = longLength;
        UnitSize = unitSize;
        Padding = padding;
        IsCharacterSetDependent = charsetDependent;
        IsMultiValued = multiValued;
        MaxLength = maxLength;
        ByCode[Pack(code[0], code[1])] = this;
    }

    /// <summary>The two-letter code, e.g. "PN".</summary>
    public string Code { get; }

    public DicomVRKind Kind { get; }

    /// <summary>PS3.5 7.1.2: explicit VR encodings of these VRs have 2 reserved bytes and a 32-bit length.</summary>
    public bool HasLongLength { get; }

    /// <summary>Size in bytes of one number for byte swapping and VM counting (1 for byte streams and strings).</summary>
    public int UnitSize { get; }

    /// <summary>PS3.5 6.2: byte that pads a value to even length (NUL for UI and binary, space for text).</summary>
    public byte Padding { get; }

    /// <summary>PS3.5 6.1.2.3: text VRs whose bytes are decoded with the Specific Character Set.</summary>
    public bool IsCharacterSetDependent { get; }

    /// <summary>String VRs whose backslash separates values (LT, ST, UT and UR are single-valued).</summary>
    public bool IsMultiValued { get; }

    /// <summary>Maximum length of one value in characters (strings) or 0 when unbounded/not applicable.</summary>
    public uint MaxLength { get; }

    public bool IsString => Kind == DicomVRKind.String;

    public override string ToString() => Code;

    public static bool TryGet(byte first, byte second, out DicomVR vr) =>
        ByCode.TryGetValue(Pack((char)first, (char)second), out vr!);

    public static DicomVR Parse(string code) =>
        code.Length == 2 && ByCode.TryGetValue(Pack(code[0], code[1]), out var vr)
            ? vr
            : throw new ArgumentException($"'{code}' is not a DICOM VR", nameof(code));

    public static IReadOnlyCollection<DicomVR> All => ByCode.Values;

    private static ushort Pack(char a, char b) => (ushort)((a << 8) | b);

    // PS3.5 Table 6.2-1. Arguments: kind, long length, unit size, padding, charset dependent, multi-valued, max length.
    public static readonly DicomVR AE = new("AE", DicomVRKind.String, false, 1, 0x20, false, true, 16);
    public static readonly DicomVR AS = new("AS", DicomVRKind.String, false, 1, 0x20, false, true, 4);
    public static readonly DicomVR AT = new("AT", DicomVRKind.Binary, false, 2, 0x00, false, true, 0);
    public static readonly DicomVR CS = new("CS", DicomVRKind.String, false, 1, 0x20, false, true, 16);
    public static readonly DicomVR DA = new("DA", DicomVRKind.String, false, 1, 0x20, false, true, 18);
    public static readonly DicomVR DS = new("DS", DicomVRKind.String, false, 1, 0x20, false, true, 16);
    public static readonly DicomVR DT = new("DT", DicomVRKind.String, false, 1, 0x20, false, true, 54);
    public static readonly DicomVR FD = new("FD", DicomVRKind.Binary, false, 8, 0x00, false, true, 0);
    public static readonly DicomVR FL = new("FL", DicomVRKind.Binary, false, 4, 0x00, false, true, 0);
    public static readonly DicomVR IS = new("IS", DicomVRKind.String, false, 1, 0x20, false, true, 12);
    public static readonly DicomVR LO = new("LO", DicomVRKind.String, false, 1, 0x20, true, true, 64);
    public static readonly DicomVR LT = new("LT", DicomVRKind.String, false, 1, 0x20, true, false, 10240);
    public static readonly DicomVR OB = new("OB", DicomVRKind.Binary, true, 1, 0x00, false, false, 0);
    public static readonly DicomVR OD = new("OD", DicomVRKind.Binary, true, 8, 0x00, false, false, 0);
    public static readonly DicomVR OF = new("OF", DicomVRKind.Binary, true, 4, 0x00, false, false, 0);
    public static readonly DicomVR OL = new("OL", DicomVRKind.Binary, true, 4, 0x00, false, false, 0);
    public static readonly DicomVR OV = new("OV", DicomVRKind.Binary, true, 8, 0x00, false, false, 0);
    public static readonly DicomVR OW = new("OW", DicomVRKind.Binary, true, 2, 0x00, false, false, 0);
    public static readonly DicomVR PN = new("PN", DicomVRKind.String, false, 1, 0x20, true, true, 64);
    public static readonly DicomVR SH = new("SH", DicomVRKind.String, false, 1, 0x20, true, true, 16);
    public static readonly DicomVR SL = new("SL", DicomVRKind.Binary, false, 4, 0x00, false, true, 0);
    public static readonly DicomVR SQ = new("SQ", DicomVRKind.Sequence, true, 1, 0x00, false, false, 0);
    public static readonly DicomVR SS = new("SS", DicomVRKind.Binary, false, 2, 0x00, false, true, 0);
    public static readonly DicomVR ST = new("ST", DicomVRKind.String, false, 1, 0x20, true, false, 1024);
    public static readonly DicomVR SV = new("SV", DicomVRKind.Binary, true, 8, 0x00, false, true, 0);
    public static readonly DicomVR TM = new("TM", DicomVRKind.String, false, 1, 0x20, false, true, 28);
    public static readonly DicomVR UC = new("UC", DicomVRKind.String, true, 1, 0x20, true, true, 0);
    public static readonly DicomVR UI = new("UI", DicomVRKind.String, false, 1, 0x00, false, true, 64);
    public static readonly DicomVR UL = new("UL", DicomVRKind.Binary, false, 4, 0x00, false, true, 0);
    public static readonly DicomVR UN = new("UN", DicomVRKind.Unknown, true, 1, 0x00, false, false, 0);
    public static readonly DicomVR UR = new("UR", DicomVRKind.String, true, 1, 0x20, false, false, 0);
    public static readonly DicomVR US = new("US", DicomVRKind.Binary, false, 2, 0x00, false, true, 0);
    public static readonly DicomVR UT = new("UT", DicomVRKind.String, true, 1, 0x20, true, false, 0);
    public static readonly DicomVR UV = new("UV", DicomVRKind.Binary, true, 8, 0x00, false, true, 0);
}
