namespace Peake.Dicom;

/// <summary>
/// Who wrote a file: the values this library puts in the file meta group (PS3.7 D.3.3.2, PS3.10 7.1).
/// </summary>
public static class DicomImplementation
{
    /// <summary>
    /// (0002,0012) Implementation Class UID. PS3.5 B.2: a UID under the 2.25 root is the decimal form of a UUID;
    /// this one was generated once (dd3cee5d-a1d3-4071-a0ea-a98e6e7d52a8) and must never change for this implementation.
    /// </summary>
    public const string ClassUid = "2.25.294075759511765754750304979173951492776";

    /// <summary>(0002,0013) Implementation Version Name: SH, at most 16 characters. Change it with each release that changes encoding.</summary>
    public const string VersionName = "PEAKE_010";
}
