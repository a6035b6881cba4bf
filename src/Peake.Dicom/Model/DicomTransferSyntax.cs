namespace Peake.Dicom;

/// <summary>
/// A transfer syntax (PS3.5 10): how a data set is encoded. Anything not known is treated as an encapsulated
/// explicit VR little endian syntax, which is what PS3.5 A.4 requires of every compressed syntax.
/// </summary>
public sealed class DicomTransferSyntax
{
    private static readonly Dictionary<string, DicomTransferSyntax> Known = [];

    private DicomTransferSyntax(string uid, string name, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated, bool register = true)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = explicitVR;
        IsBigEndian = bigEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
        if (register)
        {
            Known[uid] = this;
        }
    }

    public string Uid { get; }

    public string Name { get; }

    public bool IsExplicitVR { get; }

    public bool IsBigEndian { get; }

    /// <summary>The data set (after the file meta group) is a raw deflate stream (RFC 1951), PS3.5 A.5.</summary>
    public bool IsDeflated { get; }

    /// <summary>Pixel data is encapsulated in fragments (PS3.5 A.4).</summary>
    public bool IsEncapsulated { get; }

    /// <summary>Syntaxes this library writes: the uncompressed little endian ones (big endian is retired: read only).</summary>
    public bool IsWritable => this == ImplicitVRLittleEndian || this == ExplicitVRLittleEndian || this == DeflatedExplicitVRLittleEndian;

    public override string ToString() => $"{Uid} ({Name})";

    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);
    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);
    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);
    public static readonly DicomTransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian (Retired)", true, true, false, false);
    public static readonly DicomTransferSyntax JpipReferenced = new("1.2.840.10008.1.2.4.94", "JPIP Referenced", true, false, false, false);
    public static readonly DicomTransferSyntax JpipReferencedDeflate = new("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", true, false, true, false);
    public static readonly DicomTransferSyntax EncapsulatedUncompressed = new("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", true, false, false, true);
    public static readonly DicomTransferSyntax JpegBaseline = new("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, false, true);
    public static readonly DicomTransferSyntax JpegExtended = new("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, false, true);
    public static readonly DicomTransferSyntax JpegLossless = new("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, false, true);
    public static readonly DicomTransferSyntax JpegLosslessSV1 = new("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", true, false, false, true);
    public static readonly DicomTransferSyntax JpegLsLossless = new("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", true, false, false, true);
    public static readonly DicomTransferSyntax JpegLsNearLossless = new("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", true, false, false, true);
    public static readonly DicomTransferSyntax Jpeg2000Lossless = new("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", true, false, false, true);
    public static readonly DicomTransferSyntax Jpeg2000 = new("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true, false, false, true);
    public static readonly DicomTransferSyntax Htj2kLossless = new("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", true, false, false, true);
    public static readonly DicomTransferSyntax Htj2kLosslessRpcl = new("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", true, false, false, true);
    public static readonly DicomTransferSyntax Htj2k = new("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", true, false, false, true);
    public static readonly DicomTransferSyntax RleLossless = new("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, true);

    /// <summary>The syntax of a UID; unknown UIDs are read as encapsulated explicit VR little endian.</summary>
    public static DicomTransferSyntax Parse(string uid)
    {
        uid = uid.TrimEnd('\0', ' ');
        return Known.TryGetValue(uid, out var ts) ? ts : new DicomTransferSyntax(uid, "Unknown", true, false, false, true, register: false);
    }

    public static bool IsKnown(string uid) => Known.ContainsKey(uid.TrimEnd('\0', ' '));
}
